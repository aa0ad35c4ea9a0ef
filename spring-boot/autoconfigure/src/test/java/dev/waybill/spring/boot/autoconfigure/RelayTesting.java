package dev.waybill.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What the in-process relay's tests share: contracts, events, reading the contract topic. */
final class RelayTesting {

    static final String TOPIC = "orders.order-placed.v1";

    private static final Pattern SEQUENCE = Pattern.compile("\"totalAmount\":\\s*(\\d+)");

    private RelayTesting() {}

    static Path contracts() {
        try {
            return Path.of(RelayTesting.class.getResource("/relay-contracts").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The properties of an application whose relay publishes to {@code kafka}, its database from the datasource. */
    static String[] properties(TestDatabase database, TestKafka kafka, String... more) {
        List<String> properties = new ArrayList<>(List.of(
                "spring.datasource.url=" + database.jdbcUrl(),
                "spring.datasource.username=" + database.username(),
                "spring.datasource.password=" + database.password(),
                "spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "waybill.relay.enabled=true",
                "waybill.relay.contracts.directory=" + contracts(),
                "waybill.relay.shutdown-timeout=20s"));
        properties.addAll(List.of(more));
        return properties.toArray(String[]::new);
    }

    /** An order event of aggregate {@code orderId}; {@code sequence} is its place in the aggregate's events. */
    static OutboxEvent order(String orderId, long sequence) {
        return OutboxEvent.builder()
                .contract("orders.order-placed")
                .schemaVersion("1.0.0")
                .aggregate("order", orderId)
                .payload("{\"orderId\":\"" + orderId + "\",\"totalAmount\":" + sequence
                        + ",\"occurredAt\":\"2026-11-26T10:15:30Z\"}")
                .build();
    }

    static String query(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }

    /** Reads the topic from the beginning until a record of every id arrived (or 60 s passed): copies by id. */
    static Map<String, List<ConsumerRecord<byte[], byte[]>>> read(TestKafka kafka, Set<String> ids) {
        return read(kafka, ids, Duration.ZERO);
    }

    /** As {@link #read(TestKafka, Set)}, reading on for {@code more} once all arrived (to see duplicates). */
    static Map<String, List<ConsumerRecord<byte[], byte[]>>> read(TestKafka kafka, Set<String> ids, Duration more) {
        return read(kafka, ids, ids, more);
    }

    /**
     * Reads the topic from the beginning until a record of every id of {@code awaited} arrived (or 60 s passed), and
     * {@code more} after that: the copies of the ids of {@code collected}, by id.
     */
    static Map<String, List<ConsumerRecord<byte[], byte[]>>> read(
            TestKafka kafka, Set<String> awaited, Set<String> collected, Duration more) {
        Properties properties = kafka.clientProperties();
        properties.setProperty("group.id", kafka.uniqueTopic("boot-relay-test"));
        properties.setProperty("auto.offset.reset", "earliest");
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byId = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long end = Long.MAX_VALUE;
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            while (System.nanoTime() < Math.min(deadline, end)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String id = header(record, "ce_id");
                    if (collected.contains(id)) {
                        byId.computeIfAbsent(id, key -> new ArrayList<>()).add(record);
                    }
                }
                if (end == Long.MAX_VALUE && byId.keySet().containsAll(awaited)) {
                    end = System.nanoTime() + more.toNanos();
                }
            }
        }
        return byId;
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** In partition order, the first copy of each event comes in its aggregate's order (the sequence). */
    static void assertPerAggregateOrder(Map<String, List<ConsumerRecord<byte[], byte[]>>> records) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        records.values().forEach(all::addAll);
        all.sort((a, b) -> a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        Map<String, Integer> last = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : all) {
            if (!seen.add(header(record, "ce_id"))) {
                continue;
            }
            Matcher matcher = SEQUENCE.matcher(new String(record.value(), StandardCharsets.UTF_8));
            assertThat(matcher.find()).isTrue();
            int sequence = Integer.parseInt(matcher.group(1));
            String aggregate = new String(record.key(), StandardCharsets.UTF_8);
            Integer previous = last.put(aggregate, sequence);
            assertThat(previous == null || previous < sequence)
                    .as("aggregate %s: event %d after %d", aggregate, sequence, previous)
                    .isTrue();
        }
    }
}
