package dev.waybill.relay;

import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What the relay tests share: a migrated database, a configuration, writing events and reading topics. */
final class RelayFixture {

    private RelayFixture() {}

    static Path contracts() {
        try {
            return Path.of(RelayFixture.class.getResource("/relay-contracts").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static void migrate(TestDatabase database) {
        WaybillMigrations.builder(database.dataSource()).build().migrate();
    }

    /** The configuration a relay test runs with; tests set more. */
    static RelayConfig.Builder relay(TestDatabase database, TestKafka kafka, String name) {
        return RelayConfig.builder()
                .set(RelaySettings.RELAY_NAME, name)
                .database(database.jdbcUrl(), database.username(), database.password())
                .kafka(kafka.bootstrapServers())
                .set(RelaySettings.CONTRACTS_DIRECTORY, contracts())
                .set(RelaySettings.HTTP_PORT, 0)
                .set(RelaySettings.HTTP_HOST, "127.0.0.1")
                .set(RelaySettings.RELAY_SHUTDOWN_TIMEOUT, Duration.ofSeconds(20));
    }

    /**
     * The same as {@link #relay} in {@code WAYBILL_*} variables, for tests of what deployments do: run the relay
     * process, or configure it through the environment.
     */
    static Map<String, String> environment(TestDatabase database, TestKafka kafka, String name) {
        Map<String, String> env = new HashMap<>();
        env.put("WAYBILL_RELAY_NAME", name);
        env.put("WAYBILL_DATABASE_URL", database.jdbcUrl());
        env.put("WAYBILL_DATABASE_USER", database.username());
        env.put("WAYBILL_DATABASE_PASSWORD", database.password());
        env.put("WAYBILL_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("WAYBILL_CONTRACTS_DIRECTORY", contracts().toString());
        env.put("WAYBILL_HTTP_PORT", "0");
        env.put("WAYBILL_HTTP_HOST", "127.0.0.1");
        env.put("WAYBILL_RELAY_SHUTDOWN_TIMEOUT", "20s");
        return env;
    }

    /** Runs one SQL statement on its own connection. */
    static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of the first row {@code sql} returns, or {@code null} when it returns none. */
    static String query(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }

    /** Reads {@code environment} as the relay executable does. */
    static RelayConfig config(Map<String, String> environment) {
        return RelayConfig.load(Optional.empty(), environment);
    }

    static void write(TestDatabase database, List<OutboxEvent> events) throws SQLException {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            OutboxWriter.create().writeAll(connection, events);
            connection.commit();
        }
    }

    static OutboxEvent order(String orderId, long total) {
        return OutboxEvent.builder()
                .contract("orders.order-placed")
                .schemaVersion("1.0.0")
                .aggregate("order", orderId)
                .payload("{\"orderId\":\"" + orderId + "\",\"totalAmount\":" + total
                        + ",\"occurredAt\":\"2026-11-26T10:15:30Z\"}")
                .build();
    }

    /** Reads {@code topics} from the beginning until a record for every id arrived (or 60 s passed). */
    static Map<String, List<ConsumerRecord<byte[], byte[]>>> read(TestKafka kafka, Set<String> ids, String... topics) {
        Properties properties = kafka.clientProperties();
        properties.setProperty("group.id", kafka.uniqueTopic("relay-test"));
        properties.setProperty("auto.offset.reset", "earliest");
        properties.setProperty("max.partition.fetch.bytes", Integer.toString(4 * 1024 * 1024));
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byId = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topics));
            while (!byId.keySet().containsAll(ids) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String id = header(record, "ce_id");
                    if (ids.contains(id)) {
                        byId.computeIfAbsent(id, key -> new ArrayList<>()).add(record);
                    }
                }
            }
        }
        return byId;
    }

    /** Reads {@code topic} from the beginning until a record matches (or fails after 60 s). */
    static ConsumerRecord<byte[], byte[]> readWhere(
            TestKafka kafka, String topic, java.util.function.Predicate<ConsumerRecord<byte[], byte[]>> wanted) {
        Properties properties = kafka.clientProperties();
        properties.setProperty("group.id", kafka.uniqueTopic("relay-test"));
        properties.setProperty("auto.offset.reset", "earliest");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(record)) {
                        return record;
                    }
                }
            }
        }
        throw new AssertionError("no matching record in " + topic + " within 60 s");
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** {@code size} valid orders for consecutive aggregates from {@code firstAggregate}, sequence in totalAmount. */
    static List<OutboxEvent> orders(int firstAggregate, int size) {
        List<OutboxEvent> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            events.add(order(String.format("ORD-%06d", firstAggregate + i), i));
        }
        return events;
    }

    private static final java.util.regex.Pattern SEQUENCE =
            java.util.regex.Pattern.compile("\"totalAmount\":\\s*(\\d+)");

    /**
     * In partition order, the first copy of each event (redeliveries skipped) must come in the order its aggregate
     * wrote them; tests carry the aggregate's sequence number in totalAmount.
     */
    static void assertPerAggregateOrder(Map<String, List<ConsumerRecord<byte[], byte[]>>> records) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        records.values().forEach(all::addAll);
        all.sort((a, b) -> a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        Map<String, Integer> last = new HashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : all) {
            if (!seen.add(header(record, "ce_id"))) {
                continue;
            }
            java.util.regex.Matcher matcher = SEQUENCE.matcher(text(record.value()));
            org.assertj.core.api.Assertions.assertThat(matcher.find()).isTrue();
            int sequence = Integer.parseInt(matcher.group(1));
            Integer previous = last.put(text(record.key()), sequence);
            org.assertj.core.api.Assertions.assertThat(previous == null || previous < sequence)
                    .as("aggregate %s: event %d after %d", text(record.key()), sequence, previous)
                    .isTrue();
        }
    }
}
