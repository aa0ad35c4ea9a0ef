package dev.waybill.benchmarks;

import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.relay.Relay;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelaySettings;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.Testkit;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

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
                    Map<String, Object> row = measure(database, kafka, source, rate);
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

    private static Map<String, Object> measure(TestDatabase database, TestKafka kafka, String source, int rate)
            throws Exception {
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        long[] latencies = new long[rate * (int) (WARM_UP.toSeconds() + MEASURED.toSeconds() + 5)];
        int[] count = {0};
        AtomicBoolean writing = new AtomicBoolean(true);
        long measureFrom = System.nanoTime() + WARM_UP.toNanos();
        long end = measureFrom + MEASURED.toNanos();
        Thread consumer = new Thread(() -> consume(kafka, source, committedAt, latencies, count, measureFrom, writing));
        consumer.start();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            Thread thread = new Thread(() -> write(database, rate / WRITERS, writer, end, committedAt));
            writers.add(thread);
            thread.start();
        }
        for (Thread thread : writers) {
            thread.join();
        }
        Thread.sleep(2000); // the last records' way through the pipeline
        writing.set(false);
        consumer.join();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("eventsPerSecond", rate);
        row.put("samples", count[0]);
        row.put("p50Millis", Stats.round(Stats.percentileMillis(latencies, count[0], 50), 1));
        row.put("p99Millis", Stats.round(Stats.percentileMillis(latencies, count[0], 99), 1));
        row.put("p999Millis", Stats.round(Stats.percentileMillis(latencies, count[0], 99.9), 1));
        row.put("maxMillis", Stats.round(Stats.percentileMillis(latencies, count[0], 100), 1));
        return row;
    }

    /** Commits one event per transaction at a steady pace, noting when each commit returned. */
    private static void write(
            TestDatabase database, int perSecond, int writer, long end, Map<String, Long> committedAt) {
        OutboxWriter outbox = OutboxWriter.create();
        long interval = 1_000_000_000L / perSecond;
        long next = System.nanoTime();
        int sequence = 0;
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            while (System.nanoTime() < end) {
                OutboxEvent event = OutboxEvent.builder()
                        .contract("bench.order-placed")
                        .schemaVersion("1.0.0")
                        .aggregate("order", "ORD-" + writer + sequence++)
                        .payload("{\"orderId\":\"ORD-" + writer + sequence + "\",\"customerId\":\"CUS-1\","
                                + "\"amountCents\":1250,\"currency\":\"EUR\",\"items\":1,\"channel\":\"web\","
                                + "\"occurredAt\":\"2026-11-26T10:15:30Z\"}")
                        .build();
                outbox.write(connection, event);
                connection.commit();
                committedAt.put(event.id().toString(), System.nanoTime());
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void consume(
            TestKafka kafka,
            String source,
            Map<String, Long> committedAt,
            long[] latencies,
            int[] count,
            long measureFrom,
            AtomicBoolean writing) {
        Properties properties = kafka.clientProperties();
        properties.setProperty("group.id", "bench-latency-" + UUID.randomUUID());
        properties.setProperty("auto.offset.reset", "latest");
        properties.setProperty("fetch.min.bytes", "1");
        properties.setProperty("fetch.max.wait.ms", "5");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("bench.order-placed.v1"));
            while (writing.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                    long now = System.nanoTime();
                    if (!source.equals(header(record, "ce_source"))) {
                        continue;
                    }
                    Long committed = committedAt.remove(header(record, "ce_id"));
                    if (committed != null && committed >= measureFrom && count[0] < latencies.length) {
                        latencies[count[0]++] = now - committed;
                    }
                }
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
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
