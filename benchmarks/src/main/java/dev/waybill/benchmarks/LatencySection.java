package dev.waybill.benchmarks;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * End-to-end latency: from the writer's commit returning to the record being read by a consumer, at steady rates.
 * Writer, relay and consumer share one clock (one JVM); PostgreSQL and Kafka share the same 2 cores.
 */
final class LatencySection implements Section {

    private static final int[] RATES = {500, 2000};
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURED = Duration.ofSeconds(20);
    private static final int WRITERS = 2;

    @Override
    public String key() {
        return "latency";
    }

    @Override
    public Map<String, Object> run() throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        TestKafka kafka = Testkit.kafka();
        for (int rate : RATES) {
            try (TestDatabase database = Testkit.postgres().createDatabase("bench_latency")) {
                WaybillMigrations.builder(database.dataSource()).build().migrate();
                String source = "/bench-latency/" + UUID.randomUUID();
                try (Relay relay = Relay.start(config(database, kafka, source))) {
                    while (!relay.ready()) {
                        Thread.sleep(50);
                    }
                    Map<String, Object> row = CommitToConsumer.measure(
                            database,
                            kafka.bootstrapServers(),
                            source,
                            WriteMode.TABLE,
                            rate,
                            WRITERS,
                            WARM_UP,
                            MEASURED);
                    rows.add(row);
                    System.out.println("  " + row);
                }
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("measuredSeconds", MEASURED.toSeconds());
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
        StringBuilder md = new StringBuilder("## End-to-end latency\n\n");
        md.append("From the writer's `commit()` returning to a consumer reading the record, one event per ")
                .append("transaction at a steady rate (2 writers), ")
                .append(figures.get("measuredSeconds"))
                .append(" s measured after 5 s of warm-up. Writer, relay and consumer run in one JVM (one clock); ")
                .append("PostgreSQL and Kafka on the same 2 cores. Targets at 2,000/s: p50 under 15 ms, p99 under 50 ")
                .append("ms.\n\n");
        md.append("| events/s | samples | p50 ms | p99 ms | p99.9 ms | max ms |\n|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> row : (List<Map<String, Object>>) figures.get("rows")) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %,d | %,d | %.1f | %.1f | %.1f | %.1f |%n",
                    ((Number) row.get("eventsPerSecond")).intValue(),
                    ((Number) row.get("samples")).intValue(),
                    ((Number) row.get("p50Millis")).doubleValue(),
                    ((Number) row.get("p99Millis")).doubleValue(),
                    ((Number) row.get("p999Millis")).doubleValue(),
                    ((Number) row.get("maxMillis")).doubleValue()));
        }
        return md.toString();
    }
}
