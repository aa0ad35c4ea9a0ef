package dev.waybill.benchmarks;

import dev.waybill.benchmarks.CommitToConsumer.Load;
import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.outbox.WriteMode;
import dev.waybill.relay.Relay;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelaySettings;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.Testkit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * End-to-end latency under load: from the writer's commit returning to the record being read by a consumer, at
 * steady rates up to 10,000 events/s. Writer, relay and consumer share one clock (one JVM); PostgreSQL and Kafka share
 * the same cores. Each rate reports the rate its writers achieved next to the target, so a generator that falls
 * short shows it.
 */
final class LatencySection implements Section {

    /**
     * The loads. Up to 2,000/s one event per transaction, as most services write; at 10,000/s transactions of 5 events
     * (one {@code writeAll}), as a service writing an order with its lines would, so that 8 writers commit 2,000
     * transactions/s: what the write benchmark shows this machine sustaining with room to spare.
     */
    private static final List<Load> LOADS =
            loads(System.getProperty("waybill.bench.latency.loads", "500x2x1,2000x4x1,10000x8x5"));

    // For the JIT: unpaced writers alone committed 2-4 times as fast once warm as in their first seconds.
    private static final Duration WARM_UP = Duration.ofSeconds(10);
    private static final int ROUNDS = 3;
    private static final Duration ROUND = Duration.ofSeconds(10);
    /** A rate counts as achieved within 5% of its target. */
    static final double ACHIEVED_SHARE = 0.95;

    static final double P99_GOAL_MILLIS = 25;
    static final double P50_GOAL_MILLIS = 15;

    /**
     * {@code rate x writers x events per transaction}, comma-separated: the default, or others to explore with
     * {@code -Dwaybill.bench.latency.loads=2000x2x1,2000x4x1} (one figure per rate: explore, do not commit).
     */
    private static List<Load> loads(String loads) {
        return Arrays.stream(loads.split(","))
                .map(load -> load.strip().split("x"))
                .map(load -> new Load(Integer.parseInt(load[0]), Integer.parseInt(load[1]), Integer.parseInt(load[2])))
                .toList();
    }

    @Override
    public String key() {
        return "latency";
    }

    @Override
    public List<Figure> figures(Map<String, Object> data) {
        List<Figure> figures = new ArrayList<>();
        for (Map<String, Object> row : FigureData.rows(data, "rows")) {
            int rate = (int) FigureData.number(row, "eventsPerSecond");
            String at = String.format(Locale.ENGLISH, "%,d", rate);
            boolean achieved = FigureData.has(row, "achievedEventsPerSecond");
            String load = achieved
                    ? String.format(
                            Locale.ENGLISH, " (achieved %,.0f/s)", FigureData.number(row, "achievedEventsPerSecond"))
                    : "";
            double unread = FigureData.has(row, "unread") ? FigureData.number(row, "unread") : 0;
            if (unread > 0) {
                load += String.format(Locale.ENGLISH, " (%,.0f events not read within 30 s: lower bounds)", unread);
            }
            String label = "end-to-end latency, commit to consumer, at " + at + " events/s" + load + ": ";
            Figure p50 = Figure.of(
                    key() + ".p50-at-" + rate,
                    label + "p50",
                    FigureData.number(row, "p50Millis"),
                    "ms",
                    FigureData.numbers(row, "roundsP50Millis"));
            Figure p99 = Figure.of(
                    key() + ".p99-at-" + rate,
                    label + "p99",
                    FigureData.number(row, "p99Millis"),
                    "ms",
                    FigureData.numbers(row, "roundsP99Millis"));
            Figure p999 = Figure.of(
                    key() + ".p999-at-" + rate,
                    label + "p99.9",
                    FigureData.number(row, "p999Millis"),
                    "ms",
                    FigureData.numbers(row, "roundsP999Millis"));
            boolean headline = rate >= 2000;
            figures.add(rate == 2000 ? p50.goal("<", P50_GOAL_MILLIS) : headline ? p50.inReadme() : p50);
            figures.add(rate == 2000 ? p99.goal("<", P99_GOAL_MILLIS) : headline ? p99.inReadme() : p99);
            figures.add(headline ? p999.inReadme() : p999);
            if (achieved) {
                // The latency above holds for this rate only if the writers reached it.
                figures.add(Figure.of(
                                key() + ".achieved-rate-at-" + rate,
                                "events/s the writers committed, target " + at + " events/s",
                                FigureData.number(row, "achievedEventsPerSecond"),
                                "events/s",
                                FigureData.numbers(row, "roundsAchievedEventsPerSecond"))
                        .goal(">=", ACHIEVED_SHARE * rate));
            }
        }
        return figures;
    }

    @Override
    public Map<String, Object> run() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        TestKafka kafka = Testkit.kafka();
        for (Load load : LOADS) {
            try (TestDatabase database = Testkit.postgres().createDatabase("bench_latency")) {
                WaybillMigrations.builder(database.dataSource()).build().migrate();
                String source = "/bench-latency/" + UUID.randomUUID();
                try (Relay relay = Relay.start(config(database, kafka, source))) {
                    while (!relay.ready()) {
                        Thread.sleep(50);
                    }
                    Map<String, Object> row = CommitToConsumer.measure(
                            database, kafka.bootstrapServers(), source, WriteMode.TABLE, load, WARM_UP, ROUNDS, ROUND);
                    rows.add(row);
                    System.out.println("  " + row);
                }
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("warmUpSeconds", WARM_UP.toSeconds());
        figures.put("rounds", ROUNDS);
        figures.put("measuredSeconds", ROUNDS * ROUND.toSeconds());
        figures.put("rows", rows);
        return figures;
    }

    private static RelayConfig config(TestDatabase database, TestKafka kafka, String source) {
        return LocalRelay.config(database, kafka, "latency")
                .set(RelaySettings.KAFKA_SOURCE, source)
                .build();
    }

    @Override
    @SuppressWarnings("unchecked")
    public String markdown(Map<String, Object> figures) {
        StringBuilder md = new StringBuilder("## End-to-end latency under load\n\n");
        md.append("From the writer's `commit()` returning to a consumer reading the record, at a steady rate: each ")
                .append("writer has its own connection and commits at an even pace (one event per transaction, or ")
                .append("several written with one `writeAll`, as the table says); a writer that falls behind ")
                .append("commits without pausing until it has caught up. ");
        if (figures.containsKey("rounds")) {
            md.append(figures.get("rounds"))
                    .append(" consecutive rounds of ")
                    .append(((Number) figures.get("measuredSeconds")).longValue()
                            / ((Number) figures.get("rounds")).longValue())
                    .append(" s after ")
                    .append(figures.get("warmUpSeconds"))
                    .append(" s of warm-up, each rate on a fresh database and relay; a sample counts in the round ")
                    .append("its commit fell in. The percentiles are over every sample of the rate; the figures ")
                    .append("below give them per round. ");
        } else {
            md.append(figures.get("measuredSeconds")).append(" s measured after 5 s of warm-up, in one round. ");
        }
        md.append("Achieved: the events/s the writers committed in the measured time, next to the target; ")
                .append("samples: the records read; any not read within 30 s of the last commit count with the ")
                .append(
                        "time they waited, as lower bounds, and the table says how many. Writers, relay and consumer run in one JVM (one clock); PostgreSQL and Kafka on the ")
                .append("same cores.\n\n");
        md.append("| target events/s | achieved | writers x events per transaction | samples | p50 ms | p99 ms ")
                .append("| p99.9 ms | max ms |\n|---:|---:|---|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> row : (List<Map<String, Object>>) figures.get("rows")) {
            md.append(String.format(
                    Locale.ENGLISH,
                    "| %,d | %s | %s | %s | %,.1f | %,.1f | %,.1f | %,.1f |%n",
                    ((Number) row.get("eventsPerSecond")).intValue(),
                    row.containsKey("achievedEventsPerSecond")
                            ? String.format(
                                    Locale.ENGLISH, "%,d", ((Number) row.get("achievedEventsPerSecond")).longValue())
                            : "not recorded",
                    row.containsKey("writers") ? row.get("writers") + " x " + row.get("eventsPerTransaction") : "2 x 1",
                    samples(row),
                    ((Number) row.get("p50Millis")).doubleValue(),
                    ((Number) row.get("p99Millis")).doubleValue(),
                    ((Number) row.get("p999Millis")).doubleValue(),
                    ((Number) row.get("maxMillis")).doubleValue()));
        }
        if (rows(figures).stream().anyMatch(row -> row.containsKey("commitToRelayP50Millis"))) {
            md.append("\nWhere the time goes: each record's latency split at the moment the relay began routing its ")
                    .append("batch (its `ce_waybillrelayedat`, to the microsecond, on the same machine's clock). ")
                    .append("Commit to relay: PostgreSQL's decoding and sending, Debezium's queue and poll, and the ")
                    .append("relay finishing the batch before (acknowledgements, the stored position). Relay to ")
                    .append("consumer: routing, the producer's linger and send, the broker, the consumer's fetch.\n\n")
                    .append("| target events/s | commit to relay p50 / p99 ms | relay to consumer p50 / p99 ms |\n")
                    .append("|---:|---:|---:|\n");
            for (Map<String, Object> row : rows(figures)) {
                if (row.containsKey("commitToRelayP50Millis")) {
                    md.append(String.format(
                            Locale.ENGLISH,
                            "| %,d | %,.1f / %,.1f | %,.1f / %,.1f |%n",
                            ((Number) row.get("eventsPerSecond")).intValue(),
                            ((Number) row.get("commitToRelayP50Millis")).doubleValue(),
                            ((Number) row.get("commitToRelayP99Millis")).doubleValue(),
                            ((Number) row.get("relayToConsumerP50Millis")).doubleValue(),
                            ((Number) row.get("relayToConsumerP99Millis")).doubleValue()));
                }
            }
        }
        return md.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> figures) {
        return (List<Map<String, Object>>) figures.get("rows");
    }

    /** The records read, and those never read (whose latencies count as lower bounds). */
    private static String samples(Map<String, Object> row) {
        String read = String.format(Locale.ENGLISH, "%,d", ((Number) row.get("samples")).longValue());
        long unread = row.containsKey("unread") ? ((Number) row.get("unread")).longValue() : 0;
        return unread == 0
                ? read
                : String.format(
                        Locale.ENGLISH, "%s, **%,d not read within 30 s** (counted as lower bounds)", read, unread);
    }
}
