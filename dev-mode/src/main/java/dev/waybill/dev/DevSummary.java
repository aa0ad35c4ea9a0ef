package dev.waybill.dev;

import dev.waybill.relay.Relay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads back what the relay published (only this run's records, by their {@code ce_source}) and renders the live
 * summary: events per topic, dead-letter reasons, commit-to-ack latency, slot lag, and whether every event landed
 * where it should.
 */
final class DevSummary implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String source;
    private final Map<String, AtomicInteger> perTopic = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> reasons = new ConcurrentHashMap<>();
    private final Map<String, String> landed = new ConcurrentHashMap<>();
    private final Map<String, String> landedReason = new ConcurrentHashMap<>();

    DevSummary(String bootstrapServers, String source, Collection<String> topics) {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", bootstrapServers);
        properties.setProperty("group.id", "waybill-dev-" + source.hashCode());
        properties.setProperty("auto.offset.reset", "earliest");
        properties.setProperty("metadata.max.age.ms", "1000");
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics);
        this.source = source;
    }

    /** Reads what arrived since the last call (for up to {@code wait}). */
    void poll(Duration wait) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(wait)) {
            if (!source.equals(header(record, "ce_source"))) {
                continue;
            }
            String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
            if (landed.putIfAbsent(key, record.topic()) != null) {
                continue; // a redelivery: counted once
            }
            perTopic.computeIfAbsent(record.topic(), topic -> new AtomicInteger())
                    .incrementAndGet();
            String reason = header(record, "waybill_dlq_reason");
            if (reason != null) {
                landedReason.put(key, reason);
                reasons.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
            }
        }
    }

    int arrived() {
        return landed.size();
    }

    /** Events that landed somewhere other than expected, as "key: expected -> actual". */
    List<String> misrouted(Map<String, ShopTraffic.Expected> expected) {
        List<String> wrong = new java.util.ArrayList<>();
        expected.forEach((key, where) -> {
            String topic = landed.get(key);
            if (topic != null
                    && (!topic.equals(where.topic())
                            || (where.reason() != null && !where.reason().equals(landedReason.get(key))))) {
                wrong.add(key + ": expected " + where.topic() + " -> landed in " + topic);
            }
        });
        return wrong;
    }

    void render(PrintWriter out, ShopTraffic traffic, Relay relay, String header, boolean clear) {
        if (clear) {
            out.print("\033[H\033[2J");
        }
        out.println(header);
        out.printf(
                "events written: %d (%d deliberately breaking their contract), arrived in Kafka: %d%n",
                traffic.written(), traffic.breaking(), arrived());
        new TreeMap<>(perTopic).forEach((topic, count) -> out.printf("  %-40s %6d%n", topic, count.get()));
        if (!reasons.isEmpty()) {
            out.print("dead-letter reasons:");
            new TreeMap<>(reasons).forEach((reason, count) -> out.printf(" %s=%d", reason, count.get()));
            out.println();
        }
        out.println("commit -> ack latency: " + latency(relay));
        Gauge lag =
                relay.meterRegistry().find("waybill_replication_slot_lag_bytes").gauge();
        out.printf(
                "replication slot lag: %s; relay ready: %s%n",
                lag == null || lag.value() < 0 ? "n/a" : String.format("%,.0f bytes", lag.value()), relay.ready());
        out.flush();
    }

    private static String latency(Relay relay) {
        StringBuilder text = new StringBuilder();
        for (Timer timer : relay.meterRegistry().find("waybill_commit_to_ack").timers()) {
            ValueAtPercentile[] percentiles = timer.takeSnapshot().percentileValues();
            text.append(timer.getId().getTag("contract")).append(": ");
            for (ValueAtPercentile percentile : percentiles) {
                text.append(String.format(
                        "p%.0f %.0f ms ",
                        percentile.percentile() * 100, percentile.value(java.util.concurrent.TimeUnit.MILLISECONDS)));
            }
            text.append(" ");
        }
        return text.length() == 0 ? "n/a yet" : text.toString().trim();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
