package dev.waybill.benchmarks;

import dev.waybill.example.orders.Customer;
import dev.waybill.example.orders.OrderLine;
import dev.waybill.example.orders.PurchaseOrder;
import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.Testkit;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
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
 * The cost outbox-jpa adds to a business transaction: the example service registers customers (one entity insert
 * per transaction) with the outbox on, and with it off, alternately, on the same database and tables.
 */
final class JpaWriteSection implements Section {

    private static final int[] WRITERS = java.util.Arrays.stream(
            System.getProperty("waybill.bench.writers", "1,4,16").split(",")).mapToInt(Integer::parseInt).toArray();
    private static final int ROUNDS = 5;
    private static final long ROUND_NANOS = 3_000_000_000L;
    private static final AtomicLong EMAILS = new AtomicLong();

    @Override
    public String key() {
        return "jpa-write";
    }

    @Override
    public Map<String, Object> run() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (TestDatabase database = Testkit.postgres().createDatabase("bench_jpa_write")) {
            WaybillMigrations.builder(database.dataSource()).build().migrate();
            for (int writers : WRITERS) {
                try (EntityManagerFactory with = factory(database, true, "create", writers);
                        EntityManagerFactory without = factory(database, false, "none", writers)) {
                    measure(with, writers, 1_000_000_000L);
                    measure(without, writers, 1_000_000_000L);
                    List<Double> tpsWith = new ArrayList<>();
                    List<Double> tpsWithout = new ArrayList<>();
                    List<Double> p99With = new ArrayList<>();
                    List<Double> p99Without = new ArrayList<>();
                    for (int round = 0; round < ROUNDS; round++) {
                        // Alternate which goes first, so drift in the machine hits both alike.
                        boolean withFirst = round % 2 == 0;
                        for (boolean outbox : withFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                            clear(database);
                            double[] result = measure(outbox ? with : without, writers, ROUND_NANOS);
                            (outbox ? tpsWith : tpsWithout).add(result[0]);
                            (outbox ? p99With : p99Without).add(result[1]);
                        }
                    }
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("writers", writers);
                    row.put("tpsWithout", Math.round(Stats.median(tpsWithout)));
                    row.put("tpsWith", Math.round(Stats.median(tpsWith)));
                    row.put("ratio", Stats.round(Stats.median(tpsWith) / Stats.median(tpsWithout), 3));
                    row.put("p99MillisWithout", Stats.round(Stats.median(p99Without), 2));
                    row.put("p99MillisWith", Stats.round(Stats.median(p99With), 2));
                    row.put("roundsTpsWith", tpsWith.stream().map(Math::round).toList());
                    row.put("roundsTpsWithout", tpsWithout.stream().map(Math::round).toList());
                    rows.add(row);
                    System.out.println("  " + row);
                }
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("rows", rows);
        figures.put("rounds", ROUNDS);
        figures.put("roundSeconds", ROUND_NANOS / 1_000_000_000L);
        return figures;
    }

    private static EntityManagerFactory factory(TestDatabase database, boolean outbox, String ddl, int writers) {
        return new HibernatePersistenceConfiguration("bench")
                .managedClasses(Customer.class, PurchaseOrder.class, OrderLine.class)
                .jdbcUrl(database.jdbcUrl())
                .jdbcCredentials(database.username(), database.password())
                .jdbcPoolSize(writers + 1)
                .property("hibernate.hbm2ddl.auto", ddl)
                .property("waybill.outbox.enabled", Boolean.toString(outbox))
                .createEntityManagerFactory();
    }

    /** Runs {@code writers} threads registering customers for {@code nanos}; returns transactions/s and p99 ms. */
    private static double[] measure(EntityManagerFactory factory, int writers, long nanos) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            long deadline = System.nanoTime() + nanos;
            List<Future<long[]>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 20];
                    int count = 0;
                    while (System.nanoTime() < deadline && count < latencies.length - 1) {
                        long start = System.nanoTime();
                        String email = "c" + EMAILS.incrementAndGet() + "@example.com";
                        factory.runInTransaction(entityManager ->
                                entityManager.persist(new Customer(email, "Bench", "bench", Instant.now())));
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
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE customer, waybill.outbox CASCADE");
            statement.execute("VACUUM ANALYZE customer");
            statement.execute("VACUUM ANALYZE waybill.outbox");
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public String markdown(Map<String, Object> figures) {
        StringBuilder md = new StringBuilder("## Write overhead: outbox-jpa\n\n");
        md.append("The example service registers customers: one entity insert per transaction, plus, with the ")
                .append("outbox on, its `customers.customer-registered` event (mapper, Jackson, one outbox insert). ")
                .append("Same database, tables and pool; the two configurations alternate, ")
                .append(figures.get("rounds")).append(" rounds of ").append(figures.get("roundSeconds"))
                .append(" s each per writer count; medians of the rounds. Embedded PostgreSQL 17 runs with ")
                .append("`fsync=off`, which makes commits cheap and so shows the outbox's own cost at its largest.\n\n");
        md.append("| writers | tx/s without outbox | tx/s with outbox | ratio | p99 ms without | p99 ms with |\n")
                .append("|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> row : (List<Map<String, Object>>) figures.get("rows")) {
            md.append(String.format(Locale.ROOT, "| %d | %,d | %,d | %.3f | %.2f | %.2f |%n",
                    ((Number) row.get("writers")).intValue(), ((Number) row.get("tpsWithout")).longValue(),
                    ((Number) row.get("tpsWith")).longValue(), ((Number) row.get("ratio")).doubleValue(),
                    ((Number) row.get("p99MillisWithout")).doubleValue(),
                    ((Number) row.get("p99MillisWith")).doubleValue()));
        }
        return md.toString();
    }
}
