package dev.waybill.benchmarks;

import dev.waybill.benchmarks.WriteWorkloads.Workload;
import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.Testkit;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What writing the event costs the business transaction: a customer registration (one business insert) alone, and
 * with its event written each available way, through the JDBC writer and through outbox-jpa, at 1, 4 and 16
 * concurrent writers; also five registrations and their five events per transaction, and the variants that take
 * message mode's cost apart ({@link WriteVariant}). The variants of one API and writer count alternate round by
 * round on the same database, so machine drift hits them alike.
 */
final class WriteSection implements Section {

    private static final int[] WRITERS = java.util.Arrays.stream(
                    System.getProperty("waybill.bench.writers", "1,4,16").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    // More, shorter rounds (-Dwaybill.bench.write.rounds=15 -Dwaybill.bench.write.round-millis=500) compare
    // variants better on a machine that other work loads unevenly.
    private static final int ROUNDS = Integer.getInteger("waybill.bench.write.rounds", 5);
    private static final long ROUND_NANOS = Long.getLong("waybill.bench.write.round-millis", 2_000) * 1_000_000L;

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
            WriteWorkloads.createJpaTables(database);
            // As in production, a relay's slot exists (MESSAGE mode refuses to write without one); nothing reads it
            // during the measurement.
            execute(database, "SELECT pg_create_logical_replication_slot('waybill_bench_write', 'pgoutput')");
            List<Map<String, Object>> rows = new ArrayList<>();
            for (int writers : WRITERS) {
                rows.add(compare(database, WriteVariant.selected(WriteVariant.JDBC), writers));
                rows.add(compare(database, WriteVariant.selected(WriteVariant.JPA), writers));
            }
            figures.put("rows", rows);
            execute(database, "SELECT pg_drop_replication_slot('waybill_bench_write')");
        }
        figures.put("rounds", ROUNDS);
        figures.put("roundSeconds", ROUND_NANOS / 1_000_000_000.0);
        return figures;
    }

    private static Map<String, Object> compare(TestDatabase database, List<WriteVariant> variants, int writers)
            throws Exception {
        List<Workload> workloads = new ArrayList<>();
        try {
            for (WriteVariant variant : variants) {
                workloads.add(WriteWorkloads.of(database, variant, writers));
            }
            for (Workload workload : workloads) {
                measure(workload, writers, Math.max(ROUND_NANOS / 2, 1_000_000_000L)); // warm-up
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
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("api", variants.get(0).api());
            row.put("writers", writers);
            Map<String, Object> medians = new LinkedHashMap<>();
            for (WriteVariant variant : variants) {
                Map<String, Object> figures = new LinkedHashMap<>();
                double median = Stats.median(tps.get(variant.name()));
                figures.put("tps", Math.round(median));
                // Against the business work alone of the same size: alone-5 for five registrations per transaction.
                figures.put("ratio", Stats.round(median / Stats.median(tps.get(variant.baseline())), 3));
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
            if (total == 0) {
                // Nothing finished in time (a loaded machine, new connections' first statements): nothing to show.
                return new double[] {0, 0};
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
            if (!variants.containsKey("table") || !variants.containsKey("message")) {
                continue; // an exploring run measured only some variants (waybill.bench.write.variants)
            }
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
        return md.append(WriteExtras.markdown(figures)).toString();
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
