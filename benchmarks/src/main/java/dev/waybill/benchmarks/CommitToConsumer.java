package dev.waybill.benchmarks;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.outbox.WriteMode;
import dev.waybill.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Commit-to-consumer latency at a steady rate: writers commit one {@code bench.order-placed} event per transaction,
 * noting when each {@code commit()} returned, and a consumer of {@code bench.order-placed.v1} notes when it reads each
 * record (matched by {@code ce_id}, only records of {@code ce_source} {@code source}). Whatever publishes, relay or
 * Connect, runs in this JVM: one clock.
 */
final class CommitToConsumer {

    private static final String TOPIC = "bench.order-placed.v1";

    private CommitToConsumer() {}

    /** Writes for {@code warmUp + measured} at {@code rate} events/s; the figures of what was committed after warmUp. */
    static Map<String, Object> measure(
            TestDatabase database,
            String bootstrapServers,
            String source,
            WriteMode mode,
            int rate,
            int writers,
            Duration warmUp,
            Duration measured)
            throws Exception {
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        long[] latencies = new long[rate * (int) (warmUp.toSeconds() + measured.toSeconds() + 5)];
        int[] count = {0};
        AtomicBoolean writing = new AtomicBoolean(true);
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long end = measureFrom + measured.toNanos();
        Thread consumer = new Thread(
                () -> consume(bootstrapServers, source, committedAt, latencies, count, measureFrom, writing));
        consumer.start();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            Thread thread = new Thread(() -> write(database, mode, rate / writers, writer, end, committedAt));
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
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
            TestDatabase database, WriteMode mode, int perSecond, int writer, long end, Map<String, Long> committedAt) {
        OutboxWriter outbox = OutboxWriter.create().withMode(mode);
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
            String bootstrapServers,
            String source,
            Map<String, Long> committedAt,
            long[] latencies,
            int[] count,
            long measureFrom,
            AtomicBoolean writing) {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", bootstrapServers);
        properties.setProperty("group.id", "bench-latency-" + UUID.randomUUID());
        properties.setProperty("auto.offset.reset", "latest");
        properties.setProperty("fetch.min.bytes", "1");
        properties.setProperty("fetch.max.wait.ms", "5");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
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
}
