package dev.waybill.dev;

import dev.waybill.cli.CliException;
import dev.waybill.cli.ShadowReports;
import dev.waybill.relay.Relay;
import dev.waybill.routing.WaybillHeaders;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads back what the relay and the collector's validator published (only this run's records, by their
 * {@code ce_source}) and renders the live summary: events per topic and per contract, by path (outbox or
 * collector), dead-letter reasons, commit-to-ack latency, slot lag, and whether every event landed where it should.
 */
final class DevSummary implements AutoCloseable {

    static final String OUTBOX = "outbox";
    static final String COLLECTOR = "collector";

    /** What arrived of one event: where, by which path, of which contract, and the dead-letter reason if any. */
    private record Landed(String topic, String path, String contract, String reason) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String source;
    private final Map<String, Landed> landed = new ConcurrentHashMap<>();

    DevSummary(String bootstrapServers, String source, Collection<String> topics) {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", bootstrapServers);
        properties.setProperty("group.id", "waybill-dev-" + source.hashCode());
        properties.setProperty("auto.offset.reset", "earliest");
        properties.setProperty("metadata.max.age.ms", "1000");
        // The validator writes in transactions (exactly once): only what it committed.
        properties.setProperty("isolation.level", "read_committed");
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(topics);
        this.source = source;
    }

    /** Reads what arrived since the last call (for up to {@code wait}). */
    void poll(Duration wait) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(wait)) {
            String recordSource = header(record, WaybillHeaders.SOURCE);
            if (recordSource == null || !recordSource.startsWith(source)) {
                continue;
            }
            // The outbox's events are told apart by their key (the aggregate id), collected ones by their id.
            boolean collected = header(record, COLLECTOR_HEADER) != null;
            String key = collected
                    ? COLLECTOR + ":" + header(record, WaybillHeaders.ID)
                    : record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
            String contract = header(record, WaybillHeaders.CONTRACT);
            // A redelivery is counted once.
            landed.putIfAbsent(
                    key,
                    new Landed(
                            record.topic(),
                            collected ? COLLECTOR : OUTBOX,
                            contract == null ? "(none)" : contract,
                            header(record, WaybillHeaders.DLQ_REASON)));
        }
    }

    private static final String COLLECTOR_HEADER = "ce_waybillcollector";

    /** The tracking key of a collected event with this id. */
    static String collected(String id) {
        return COLLECTOR + ":" + id;
    }

    /** How many of {@code expected} arrived. */
    int arrived(Map<String, ShopTraffic.Expected> expected) {
        return (int) expected.keySet().stream().filter(landed::containsKey).count();
    }

    /** Collected events that no traffic of dev mode sent: sent by hand, e.g. with the printed curl command. */
    int byHand(Map<String, ShopTraffic.Expected> frontend) {
        return (int) landed.entrySet().stream()
                .filter(entry -> entry.getValue().path().equals(COLLECTOR) && !frontend.containsKey(entry.getKey()))
                .count();
    }

    /** Events that landed somewhere other than expected, as "key: expected -> actual". */
    List<String> misrouted(Map<String, ShopTraffic.Expected> expected) {
        List<String> wrong = new ArrayList<>();
        expected.forEach((key, where) -> {
            Landed actual = landed.get(key);
            if (actual != null
                    && (!actual.topic().equals(where.topic())
                            || (where.reason() != null && !where.reason().equals(actual.reason())))) {
                wrong.add(key + ": expected " + where.topic() + " -> landed in " + actual.topic());
            }
        });
        return wrong;
    }

    /** What the summary shows of the collector: where to send events, and the frontend traffic if it runs. */
    record CollectorView(String url, String curl, FrontendTraffic frontend) {}

    void render(
            PrintWriter out,
            ShopTraffic traffic,
            Optional<CollectorView> collector,
            Relay relay,
            String header,
            boolean clear) {
        if (clear) {
            out.print("\033[H\033[2J");
        }
        out.println(header);
        collector.ifPresent(view -> {
            out.println("collector: POST " + view.url() + "; send one event by hand:");
            out.println("  " + view.curl());
        });
        out.printf(
                "events written: %d (%d deliberately breaking their contract), arrived in Kafka: %d%n",
                traffic.written(), traffic.breaking(), arrived(traffic.expected()));
        Map<String, ShopTraffic.Expected> frontendExpected = collector
                .map(CollectorView::frontend)
                .map(FrontendTraffic::expected)
                .orElse(Map.of());
        collector.map(CollectorView::frontend).ifPresent(frontend -> {
            out.printf(
                    "events collected: %d (%d deliberately breaking their contract), arrived in Kafka: %d",
                    frontend.sent(), frontend.breaking(), arrived(frontendExpected));
            if (frontend.failedRequests() > 0) {
                out.printf("; requests refused: %d, last: %s", frontend.failedRequests(), frontend.lastFailure());
            }
            out.println();
        });
        int byHand = byHand(frontendExpected);
        if (byHand > 0) {
            out.printf("events sent by hand to the collector: %d%n", byHand);
        }
        Map<String, int[]> perTopic = new TreeMap<>();
        Map<String, int[]> perContract = new TreeMap<>();
        Map<String, Integer> reasons = new TreeMap<>();
        for (Landed event : landed.values()) {
            int column = event.path().equals(OUTBOX) ? 0 : 1;
            perTopic.computeIfAbsent(event.topic(), topic -> new int[2])[column]++;
            int[] counts = perContract.computeIfAbsent(event.contract() + " " + event.path(), k -> new int[2]);
            counts[event.reason() == null ? 0 : 1]++;
            if (event.reason() != null) {
                reasons.merge(event.reason(), 1, Integer::sum);
            }
        }
        out.printf("  %-40s %9s %9s%n", "topic", OUTBOX, COLLECTOR);
        perTopic.forEach((topic, counts) -> out.printf("  %-40s %9d %9d%n", topic, counts[0], counts[1]));
        out.printf("  %-30s %-9s %9s %13s%n", "contract", "path", "valid", "dead-lettered");
        perContract.forEach((contractAndPath, counts) -> {
            String[] parts = contractAndPath.split(" ");
            out.printf("  %-30s %-9s %9d %13d%n", parts[0], parts[1], counts[0], counts[1]);
        });
        if (!reasons.isEmpty()) {
            out.print("dead-letter reasons:");
            reasons.forEach((reason, count) -> out.printf(" %s=%d", reason, count));
            out.println();
        }
        out.println("commit -> ack latency: " + latency(relay));
        shadows(relay).forEach(out::println);
        Gauge lag =
                relay.meterRegistry().find("waybill_replication_slot_lag_bytes").gauge();
        out.printf(
                "replication slot lag: %s; relay ready: %s%n",
                lag == null || lag.value() < 0 ? "n/a" : String.format("%,.0f bytes", lag.value()), relay.ready());
        out.flush();
    }

    /**
     * What each proposed contract version would do with the shop's events, as {@code waybill contracts
     * shadow-report} asks the relay for it.
     */
    private static List<String> shadows(Relay relay) {
        if (relay.httpPort() < 0) {
            return List.of();
        }
        try {
            return new ShadowReports(Duration.ofSeconds(2))
                    .all(URI.create("http://127.0.0.1:" + relay.httpPort())).stream()
                            .map(summary -> "shadow validation: " + summary.line())
                            .toList();
        } catch (CliException e) {
            return List.of("shadow validation: n/a (" + e.getMessage() + ")");
        }
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
