package dev.waybill.relay;

import static dev.waybill.relay.RelayFixture.execute;
import static dev.waybill.relay.RelayFixture.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What keeps a relay healthy over time: contract reloads, retention, and a slot that does not hold WAL. */
@WaybillTest
class RelayOperationsIT {

    @Test
    void contractsChangedOnDiskAreReloadedWithoutARestart(TestDatabase database, TestKafka kafka, @TempDir Path dir)
            throws Exception {
        RelayFixture.migrate(database);
        Path contracts = copy(RelayFixture.contracts(), dir);
        // Start without version 1.1.0: its events are dead-lettered as unknown-version.
        deleteVersion(contracts, "1.1.0");
        RelayConfig.Builder config = RelayFixture.relay(database, kafka, "reload");
        config.set(RelaySettings.CONTRACTS_DIRECTORY, contracts);
        config.set(RelaySettings.CONTRACTS_RELOAD_INTERVAL, Duration.ofSeconds(1));
        String deadLetter = kafka.uniqueTopic("reload-dlq");
        config.set(RelaySettings.KAFKA_DEAD_LETTER_TOPIC, deadLetter);
        try (Relay relay = Relay.start(config.build())) {
            await().atMost(Duration.ofSeconds(60)).until(relay::ready);
            OutboxEvent early =
                    order("ORD-600001", 1).toBuilder().schemaVersion("1.1.0").build();
            RelayFixture.write(database, List.of(early));
            assertThat(RelayFixture.read(kafka, Set.of(early.id().toString()), deadLetter))
                    .hasSize(1);

            copy(RelayFixture.contracts(), contracts);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> relay.scrapeMetrics()
                            .contains("waybill_contract_reloads_total{outcome=\"success\",relay=\"reload\"} 1.0"));
            OutboxEvent late =
                    order("ORD-600002", 2).toBuilder().schemaVersion("1.1.0").build();
            RelayFixture.write(database, List.of(late));

            assertThat(RelayFixture.read(kafka, Set.of(late.id().toString()), "orders.order-placed.v1"))
                    .hasSize(1);
        }
    }

    @Test
    void retentionDeletesRowsOlderThanKeepAndLeavesTheRest(TestDatabase database, TestKafka kafka) throws Exception {
        RelayFixture.migrate(database);
        // Ids carry their write time: these were "written" three days ago.
        long threeDaysAgo = Instant.now().minus(Duration.ofDays(3)).toEpochMilli();
        OutboxEvent old1 =
                order("ORD-610001", 1).toBuilder().id(uuidV7(threeDaysAgo)).build();
        OutboxEvent old2 =
                order("ORD-610002", 2).toBuilder().id(uuidV7(threeDaysAgo + 1)).build();
        OutboxEvent fresh = order("ORD-610003", 3);
        RelayFixture.write(database, List.of(old1, old2, fresh));
        RelayConfig.Builder config = RelayFixture.relay(database, kafka, "retention");
        config.set(RelaySettings.RETENTION_KEEP, Duration.ofDays(1));
        config.set(RelaySettings.RETENTION_INTERVAL, Duration.ofSeconds(1));
        config.set(RelaySettings.RETENTION_BATCH_SIZE, 1);
        try (Relay relay = Relay.start(config.build())) {
            // The initial snapshot publishes all three; retention then removes the old rows only.
            assertThat(RelayFixture.read(
                            kafka,
                            Set.of(
                                    old1.id().toString(),
                                    old2.id().toString(),
                                    fresh.id().toString()),
                            "orders.order-placed.v1"))
                    .hasSize(3);
            // The test class shares its database: look at this test's rows only.
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(ids(database))
                            .doesNotContain(old1.id().toString(), old2.id().toString())
                            .contains(fresh.id().toString()));
        }
    }

    @Test
    void heartbeatsKeepTheSlotMovingWhileTheOutboxIsIdle(TestDatabase database, TestKafka kafka) throws Exception {
        RelayFixture.migrate(database);
        RelayConfig.Builder config = RelayFixture.relay(database, kafka, "idle");
        config.set(RelaySettings.CAPTURE_HEARTBEAT_INTERVAL, Duration.ofMillis(500));
        try (Relay relay = Relay.start(config.build())) {
            await().atMost(Duration.ofSeconds(60)).until(relay::ready);
            // Other tables take writes; the outbox takes none.
            execute(database, "CREATE TABLE busy (id serial PRIMARY KEY, filler text)");
            for (int round = 0; round < 20; round++) {
                execute(database, "INSERT INTO busy (filler) SELECT repeat('x', 500) FROM generate_series(1, 1000)");
            }
            long written = walBytesSince(database, "0/0");

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(
                            () -> assertThat(slotLag(database, "waybill_idle")).isLessThan(256 * 1024));
            assertThat(written).isGreaterThan(10L * 1024 * 1024);
        }
    }

    @Test
    void contractsCanComeFromTheRegistry(TestDatabase database, TestKafka kafka) throws Exception {
        RelayFixture.migrate(database);
        new dev.waybill.contracts.ContractRegistry(database.dataSource())
                .push(
                        dev.waybill.contracts.ContractDirectory.at(RelayFixture.contracts())
                                .lint()
                                .contracts(),
                        "test");
        RelayConfig.Builder config = RelayFixture.relay(database, kafka, "registry");
        config.set(RelaySettings.CONTRACTS_DIRECTORY, null);
        config.set(RelaySettings.CONTRACTS_REGISTRY, true);
        try (Relay relay = Relay.start(config.build())) {
            await().atMost(Duration.ofSeconds(60)).until(relay::ready);
            OutboxEvent event = order("ORD-620001", 1);
            RelayFixture.write(database, List.of(event));

            assertThat(RelayFixture.read(kafka, Set.of(event.id().toString()), "orders.order-placed.v1"))
                    .hasSize(1);
        }
    }

    @Test
    void offsetsCanLiveInACompactedKafkaTopic(TestDatabase database, TestKafka kafka) throws Exception {
        RelayFixture.migrate(database);
        RelayConfig.Builder config = RelayFixture.relay(database, kafka, "kafkaoffsets");
        String offsetTopic = kafka.uniqueTopic("waybill.offsets");
        config.set(RelaySettings.CAPTURE_OFFSET_STORE, RelayConfig.OffsetStore.KAFKA);
        config.set(RelaySettings.CAPTURE_OFFSET_TOPIC, offsetTopic);
        OutboxEvent first = order("ORD-630001", 1);
        try (Relay relay = Relay.start(config.build())) {
            await().atMost(Duration.ofSeconds(60)).until(relay::ready);
            RelayFixture.write(database, List.of(first));
            RelayFixture.read(kafka, Set.of(first.id().toString()), "orders.order-placed.v1");
            await().atMost(Duration.ofSeconds(30)).until(() -> records(kafka, offsetTopic) > 0);
        }
        OutboxEvent second = order("ORD-630002", 2);
        RelayFixture.write(database, List.of(second));
        try (Relay relay = Relay.start(config.build())) {
            assertThat(RelayFixture.read(kafka, Set.of(second.id().toString()), "orders.order-placed.v1"))
                    .hasSize(1);
        }
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT count(*) FROM waybill.relay_offsets WHERE relay_name = 'kafkaoffsets'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    private static long records(TestKafka kafka, String topic) {
        java.util.Properties properties = kafka.clientProperties();
        try (org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer =
                new org.apache.kafka.clients.consumer.KafkaConsumer<>(
                        properties,
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                        new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new org.apache.kafka.common.TopicPartition(topic, info.partition()))
                    .toList();
            return consumer.endOffsets(partitions).values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
        }
    }

    private static UUID uuidV7(long millis) {
        return new UUID((millis << 16) | 0x7000L | 1, 0x8000_0000_0000_0001L);
    }

    private static List<String> ids(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id::text FROM waybill.outbox ORDER BY id")) {
            List<String> ids = new java.util.ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return ids;
        }
    }

    private static long slotLag(TestDatabase database, String slot) throws SQLException {
        return Long.parseLong(RelayFixture.query(
                database,
                "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), "
                        + "confirmed_flush_lsn)::bigint FROM pg_replication_slots WHERE slot_name = '" + slot + "'"));
    }

    private static long walBytesSince(TestDatabase database, String lsn) throws SQLException {
        return Long.parseLong(
                RelayFixture.query(database, "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '" + lsn + "')::bigint"));
    }

    private static void deleteVersion(Path contracts, String version) throws IOException {
        Path folder = contracts.resolve("orders.order-placed");
        Files.delete(folder.resolve(version + ".odcs.yaml"));
        Files.delete(folder.resolve(version + ".schema.json"));
    }

    private static Path copy(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path path : files.toList()) {
                Path to = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(path, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }
}
