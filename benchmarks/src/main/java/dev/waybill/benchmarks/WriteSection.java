package dev.waybill.benchmarks;

import dev.waybill.example.orders.Customer;
import dev.waybill.example.orders.OrderLine;
import dev.waybill.example.orders.PurchaseOrder;
import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.outbox.WriteMode;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.Testkit;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * What writing the event costs the business transaction: a customer registration (one business insert) alone, and
 * with its event written each available way, through the JDBC writer and through outbox-jpa, at 1, 4 and 16
 * concurrent writers. The variants of
 * one API and writer count alternate round by round on the same database, so machine drift hits them alike.
 */
final class WriteSection implements Section {

    private static final int[] WRITERS = java.util.Arrays.stream(
                    System.getProperty("waybill.bench.writers", "1,4,16").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    private static final int ROUNDS = 5;
    private static final long ROUND_NANOS = 2_000_000_000L;
    private static final AtomicLong CUSTOMERS = new AtomicLong();
    private static final String INSERT_CUSTOMER = "INSERT INTO bench_customer (email, display_name, signup_source, "
            + "registered_at) VALUES (?, ?, ?, ?) RETURNING id";

    /**
     * One way to run the registration: {@code mode} null is the business insert alone; {@code deleteAfterInsert}
     * deletes the outbox row again in the same transaction; {@code floor} adds a {@code SELECT 1} instead of an
     * event, the least any extra statement costs.
     */
    private record Variant(String name, String api, WriteMode mode, boolean deleteAfterInsert, boolean floor) {}

    private static final List<Variant> JDBC = List.of(
            new Variant("alone", "jdbc", null, false, false),
            new Variant("table", "jdbc", WriteMode.TABLE, false, false),
            new Variant("message", "jdbc", WriteMode.MESSAGE, false, false),
            // Explored, not offered: the row is deleted in the same transaction (capture still sees the insert).
            new Variant("insert-delete", "jdbc", WriteMode.TABLE, true, false),
            new Variant("select-1", "jdbc", null, false, true));
    private static final List<Variant> JPA = List.of(
            new Variant("alone", "jpa", null, false, false),
            new Variant("table", "jpa", WriteMode.TABLE, false, false),
            new Variant("message", "jpa", WriteMode.MESSAGE, false, false));

    @Override
    public String key() {
        return "write";
    }

    @Override
    public List<Figure> figures(Map<String, Object> data) {
        return WriteFigures.of(data);
    }

    @Override
    public Map<String, Object> run() throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        try (TestDatabase database = Testkit.postgres().createDatabase("bench_write")) {
            WaybillMigrations.builder(database.dataSource()).build().migrate();
            execute(
                    database,
                    "CREATE TABLE bench_customer (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, "
                            + "display_name text, signup_source text, registered_at timestamptz NOT NULL)");
            new JpaWorkload(database, JPA.get(0), 1, "create").close(); // the example service's tables
            // As in production, a relay's slot exists (MESSAGE mode refuses to write without one); nothing reads it
            // during the measurement.
            execute(database, "SELECT pg_create_logical_replication_slot('waybill_bench_write', 'pgoutput')");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int writers : WRITERS) {
                rows.add(compare(database, JDBC, writers));
                rows.add(compare(database, JPA, writers));
            }
            figures.put("rows", rows);
            execute(database, "SELECT pg_drop_replication_slot('waybill_bench_write')");
        }
        figures.put("rounds", ROUNDS);
        figures.put("roundSeconds", ROUND_NANOS / 1_000_000_000.0);
        return figures;
    }

    private static Map<String, Object> compare(TestDatabase database, List<Variant> variants, int writers)
            throws Exception {
        List<Workload> workloads = new ArrayList<>();
        try {
            for (Variant variant : variants) {
                workloads.add(
                        variant.api().equals("jdbc")
                                ? new JdbcWorkload(database, variant, writers)
                                : new JpaWorkload(database, variant, writers));
            }
            for (Workload workload : workloads) {
                measure(workload, writers, ROUND_NANOS / 2); // warm-up
            }
            Map<String, List<Double>> tps = new LinkedHashMap<>();
            Map<String, List<Double>> p99 = new LinkedHashMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                // Rotate the order each round, so no variant always runs first or last.
                for (int i = 0; i < workloads.size(); i++) {
                    Workload workload = workloads.get((i + round) % workloads.size());
                    clear(database);
                    double[] result = measure(workload, writers, ROUND_NANOS);
                    tps.computeIfAbsent(workload.variant().name(), key -> new ArrayList<>())
                            .add(result[0]);
                    p99.computeIfAbsent(workload.variant().name(), key -> new ArrayList<>())
                            .add(result[1]);
                }
            }
            double alone = Stats.median(tps.get("alone"));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("api", variants.get(0).api());
            row.put("writers", writers);
            Map<String, Object> medians = new LinkedHashMap<>();
            for (Variant variant : variants) {
                Map<String, Object> figures = new LinkedHashMap<>();
                double median = Stats.median(tps.get(variant.name()));
                figures.put("tps", Math.round(median));
                figures.put("ratio", Stats.round(median / alone, 3));
                figures.put("p99Millis", Stats.round(Stats.median(p99.get(variant.name())), 2));
                figures.put(
                        "roundsTps",
                        tps.get(variant.name()).stream().map(Math::round).toList());
                medians.put(variant.name(), figures);
            }
            row.put("variants", medians);
            System.out.println("  " + row);
            return row;
        } finally {
            for (Workload workload : workloads) {
                workload.close();
            }
        }
    }

    /** One configuration under test; {@link #once(int)} runs and commits one registration as writer {@code w}. */
    private interface Workload extends AutoCloseable {
        Variant variant();

        void once(int writer) throws Exception;

        @Override
        void close() throws Exception;
    }

    private static final class JdbcWorkload implements Workload {
        private final Variant variant;
        private final Connection[] connections;
        private final OutboxWriter outbox;

        JdbcWorkload(TestDatabase database, Variant variant, int writers) throws SQLException {
            this.variant = variant;
            this.connections = new Connection[writers];
            for (int w = 0; w < writers; w++) {
                connections[w] = database.connect();
                connections[w].setAutoCommit(false);
            }
            this.outbox = variant.mode() == null ? null : OutboxWriter.create().withMode(variant.mode());
        }

        @Override
        public Variant variant() {
            return variant;
        }

        @Override
        public void once(int writer) throws SQLException {
            Connection connection = connections[writer];
            String email = "c" + CUSTOMERS.incrementAndGet() + "@example.com";
            Instant now = Instant.now();
            long id;
            try (PreparedStatement insert = connection.prepareStatement(INSERT_CUSTOMER)) {
                insert.setString(1, email);
                insert.setString(2, "Bench Customer");
                insert.setString(3, "bench");
                insert.setObject(4, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
                try (var rs = insert.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            if (variant.floor()) {
                try (PreparedStatement floor = connection.prepareStatement("SELECT 1");
                        var rs = floor.executeQuery()) {
                    rs.next();
                }
            }
            if (outbox != null) {
                String customerId = String.format("CUS-%06d", id);
                OutboxEvent event = OutboxEvent.builder()
                        .contract("customers.customer-registered")
                        .schemaVersion("1.0.0")
                        .aggregate("customer", customerId)
                        .payload("{\"customerId\":\"" + customerId + "\",\"email\":\"" + email
                                + "\",\"displayName\":\"Bench Customer\",\"registeredAt\":\"" + now + "\"}")
                        .build();
                outbox.write(connection, event);
                if (variant.deleteAfterInsert()) {
                    try (PreparedStatement delete =
                            connection.prepareStatement("DELETE FROM waybill.outbox WHERE id = ?::uuid")) {
                        delete.setString(1, event.id().toString());
                        delete.executeUpdate();
                    }
                }
            }
            connection.commit();
        }

        @Override
        public void close() throws SQLException {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    private static final class JpaWorkload implements Workload {
        private final Variant variant;
        private final EntityManagerFactory factory;

        JpaWorkload(TestDatabase database, Variant variant, int writers) {
            this(database, variant, writers, "none");
        }

        JpaWorkload(TestDatabase database, Variant variant, int writers, String ddl) {
            this.variant = variant;
            this.factory = new HibernatePersistenceConfiguration("bench-" + variant.name())
                    .managedClasses(Customer.class, PurchaseOrder.class, OrderLine.class)
                    .jdbcUrl(database.jdbcUrl())
                    .jdbcCredentials(database.username(), database.password())
                    .jdbcPoolSize(writers + 1)
                    .property("hibernate.hbm2ddl.auto", ddl)
                    .property("waybill.outbox.enabled", Boolean.toString(variant.mode() != null))
                    .property(
                            "waybill.outbox.write-mode",
                            variant.mode() == null
                                    ? "table"
                                    : variant.mode().name().toLowerCase(Locale.ROOT))
                    .createEntityManagerFactory();
        }

        @Override
        public Variant variant() {
            return variant;
        }

        @Override
        public void once(int writer) {
            String email = "c" + CUSTOMERS.incrementAndGet() + "@example.com";
            factory.runInTransaction(entityManager ->
                    entityManager.persist(new Customer(email, "Bench Customer", "bench", Instant.now())));
        }

        @Override
        public void close() {
            factory.close();
        }
    }

    /** Runs {@code writers} threads for {@code nanos}; returns transactions/s and p99 ms. */
    private static double[] measure(Workload workload, int writers, long nanos) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            long deadline = System.nanoTime() + nanos;
            List<Future<long[]>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 20];
                    int count = 0;
                    while (System.nanoTime() < deadline && count < latencies.length - 1) {
                        long start = System.nanoTime();
                        workload.once(writer);
                        latencies[++count] = System.nanoTime() - start;
                    }
                    latencies[0] = count;
                    return latencies;
                }));
            }
            long total = 0;
            List<long[]> all = new ArrayList<>();
            for (Future<long[]> future : futures) {
                long[] latencies = future.get();
                total += latencies[0];
                all.add(latencies);
            }
            long[] merged = new long[(int) total];
            int at = 0;
            for (long[] latencies : all) {
                System.arraycopy(latencies, 1, merged, at, (int) latencies[0]);
                at += (int) latencies[0];
            }
            return new double[] {total / (nanos / 1e9), Stats.percentileMillis(merged, merged.length, 99)};
        } finally {
            pool.shutdown();
        }
    }

    private static void clear(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE bench_customer, customer, waybill.outbox CASCADE");
            statement.execute("VACUUM ANALYZE bench_customer");
            statement.execute("VACUUM ANALYZE customer");
            statement.execute("VACUUM ANALYZE waybill.outbox");
            // A checkpoint now, not in the middle of some variant's round.
            statement.execute("CHECKPOINT");
        }
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public String markdown(Map<String, Object> figures) {
        StringBuilder md = new StringBuilder("## Write overhead: JDBC writer and outbox-jpa\n\n");
        md.append("A customer registration: one business insert per transaction, alone and with its ")
                .append("`customers.customer-registered` event (~200-byte payload) written each way: `table` (a row ")
                .append("in the outbox, the default) and `message` (`WriteMode.MESSAGE`: a transactional logical ")
                .append("decoding message, no row). Through JDBC also `insert-delete` (the row deleted again in the ")
                .append("same transaction; explored, not offered) and `select-1` (a `SELECT 1` instead of an event: ")
                .append("the least any extra statement costs, the floor for a write that is its own statement). ")
                .append("Through outbox-jpa the registration is the example service's `Customer` entity and its ")
                .append("mapper. The variants of one API and writer count rotate round by round on the same ")
                .append("database: ")
                .append(figures.get("rounds"))
                .append(" rounds of ")
                .append(figures.get("roundSeconds"))
                .append(" s each, medians; ratio = tx/s with the event / tx/s alone. No relay runs: this is the ")
                .append("writer's cost alone.\n\n");
        md.append("| API | writers | tx/s alone | table: tx/s | ratio | message: tx/s | ratio | insert-delete | ratio ")
                .append("| select-1 | ratio | p99 ms alone / table / message |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Map<String, Object> row : (List<Map<String, Object>>) figures.get("rows")) {
            Map<String, Map<String, Object>> variants = (Map<String, Map<String, Object>>) row.get("variants");
            Map<String, Object> alone = variants.get("alone");
            Map<String, Object> table = variants.get("table");
            Map<String, Object> message = variants.get("message");
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %,d | %,d | %.2f | %,d | **%.2f** | %s | %s | %.2f / %.2f / %.2f |%n",
                    row.get("api"),
                    ((Number) row.get("writers")).intValue(),
                    number(alone, "tps"),
                    number(table, "tps"),
                    decimal(table, "ratio"),
                    number(message, "tps"),
                    decimal(message, "ratio"),
                    optional(variants.get("insert-delete")),
                    optional(variants.get("select-1")),
                    decimal(alone, "p99Millis"),
                    decimal(table, "p99Millis"),
                    decimal(message, "p99Millis")));
        }
        return md.toString();
    }

    private static String optional(Map<String, Object> figures) {
        return figures == null
                ? " | "
                : String.format(Locale.ROOT, "%,d | %.2f", number(figures, "tps"), decimal(figures, "ratio"));
    }

    private static long number(Map<String, Object> figures, String key) {
        return ((Number) figures.get(key)).longValue();
    }

    private static double decimal(Map<String, Object> figures, String key) {
        return ((Number) figures.get(key)).doubleValue();
    }
}
