package dev.waybill.connect;

import static dev.waybill.connect.ConnectFixture.header;
import static dev.waybill.connect.ConnectFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.outbox.WriteMode;
import dev.waybill.relay.Relay;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelaySettings;
import dev.waybill.routing.WaybillHeaders;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One corpus of valid and invalid events, written as rows and as logical decoding messages, goes through the sidecar
 * relay and through Kafka Connect (Debezium's connector and the transform from the plugin archive): every record is
 * the same, topic, key, value and headers, except the relay instance and the time it was relayed.
 */
@WaybillTest
class ConnectEquivalenceIT {

    private static final String[] TOPICS = {
        "orders.order-placed.v1", "orders.order-placed.dlq", "legacy.signup.v1", EquivalenceCorpus.DEAD_LETTER
    };

    @Test
    void theSidecarAndConnectPublishTheSameRecords(TestDatabase database, TestKafka kafka, @TempDir Path plugins)
            throws Exception {
        ConnectFixture.migrate(database);
        assertPluginArchive();
        assertThatThrownBy(() -> Class.forName(ConnectFixture.TRANSFORM))
                .as("the transform is not on the test class path: Connect can only load it from the archive")
                .isInstanceOf(ClassNotFoundException.class);

        EmbeddedConnectCluster connect = ConnectFixture.cluster("equivalence", 1, ConnectFixture.install(plugins));
        RelayConfig relayConfig = RelayConfig.builder()
                .set(RelaySettings.RELAY_NAME, "equivalence")
                .database(database.jdbcUrl(), database.username(), database.password())
                .kafka(kafka.bootstrapServers())
                .set(RelaySettings.CONTRACTS_DIRECTORY, ConnectFixture.contracts())
                .set(RelaySettings.KAFKA_DEAD_LETTER_TOPIC, EquivalenceCorpus.DEAD_LETTER)
                .set(RelaySettings.HTTP_PORT, 0)
                .set(RelaySettings.HTTP_HOST, "127.0.0.1")
                .build();
        try (Relay relay = Relay.start(relayConfig)) {
            Map<String, String> config =
                    ConnectFixture.connectorConfig(database, "waybill_equivalence_connect", ConnectFixture.contracts());
            config.put("transforms.waybill.dead.letter.topic", EquivalenceCorpus.DEAD_LETTER);
            connect.configureConnector("shop-outbox", config);
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("shop-outbox", 1, "the connector runs");
            await().atMost(Duration.ofSeconds(60)).until(relay::ready);
            // Both slots stream: anything committed from now on reaches both.
            await().atMost(Duration.ofSeconds(60)).until(() -> activeSlots(database) == 2);

            int expected = EquivalenceCorpus.write(database);

            List<ConsumerRecord<byte[], byte[]>> fromRelay =
                    ConnectFixture.read(kafka.bootstrapServers(), records -> records.size() >= expected, TOPICS);
            List<ConsumerRecord<byte[], byte[]>> fromConnect = ConnectFixture.read(
                    connect.kafka().bootstrapServers(), records -> records.size() >= expected, TOPICS);

            assertThat(fromRelay).hasSize(expected);
            assertThat(comparable(fromConnect))
                    .as("Connect's records, as the relay's")
                    .containsExactlyElementsOf(comparable(fromRelay));
            // The corpus covers what it should: every reason, both write modes.
            assertThat(fromRelay.stream().map(record -> header(record, WaybillHeaders.DLQ_REASON)))
                    .contains(
                            null,
                            "contract-violation",
                            "unknown-contract",
                            "unknown-version",
                            "retired-version",
                            "malformed-event",
                            "malformed-headers");
            assertThat(fromConnect).allSatisfy(record -> {
                assertThat(header(record, WaybillHeaders.RELAY)).isNotBlank();
                assertThat(Instant.parse(header(record, WaybillHeaders.RELAYED_AT)))
                        .isNotNull();
            });
        } finally {
            connect.stop();
        }
    }

    /** What must be equal: topic, key, value, and the headers in order except the relay instance and time. */
    private static List<String> comparable(List<ConsumerRecord<byte[], byte[]>> records) {
        List<String> comparable = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            StringBuilder line = new StringBuilder()
                    .append(record.topic())
                    .append(" key=")
                    .append(text(record.key()))
                    .append(" value=")
                    .append(text(record.value()));
            for (Header header : record.headers()) {
                if (header.key().equals(WaybillHeaders.RELAY) || header.key().equals(WaybillHeaders.RELAYED_AT)) {
                    continue;
                }
                line.append(' ').append(header.key()).append('=').append(text(header.value()));
            }
            comparable.add(line.toString());
        }
        comparable.sort(Comparator.naturalOrder());
        return comparable;
    }

    private static int activeSlots(TestDatabase database) throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT count(*) FROM pg_replication_slots WHERE active AND database = current_database()")) {
            result.next();
            return result.getInt(1);
        }
    }

    /** The archive holds the transform and its libraries, its service manifest, licences, and nothing of Connect's. */
    private static void assertPluginArchive() throws Exception {
        try (ZipFile zip = new ZipFile(ConnectFixture.archive().toFile())) {
            List<String> names = zip.stream().map(entry -> entry.getName()).toList();
            String top = names.get(0).substring(0, names.get(0).indexOf('/') + 1);
            assertThat(names).allSatisfy(name -> assertThat(name).startsWith(top));
            assertThat(names)
                    .anyMatch(name -> name.matches(".*/waybill-connect-[^/]+\\.jar"))
                    .anyMatch(name -> name.matches(".*/waybill-routing-[^/]+\\.jar"))
                    .anyMatch(name -> name.matches(".*/waybill-capture-[^/]+\\.jar"))
                    .anyMatch(name -> name.endsWith("/licenses/THIRD-PARTY.txt"))
                    .noneMatch(name -> name.matches(".*/(kafka-clients|connect-api|connect-runtime|slf4j-api)-.*"));
            Path jar = Files.createTempFile("waybill-connect", ".jar");
            String transformJar = names.stream()
                    .filter(name -> name.matches(".*/waybill-connect-[^/]+\\.jar"))
                    .findFirst()
                    .orElseThrow();
            try (var in = zip.getInputStream(zip.getEntry(transformJar))) {
                Files.copy(in, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            try (ZipFile transform = new ZipFile(jar.toFile())) {
                var services =
                        transform.getEntry("META-INF/services/org.apache.kafka.connect.transforms.Transformation");
                assertThat(services).isNotNull();
                assertThat(ConnectFixture.resource(transform.getInputStream(services))
                                .strip())
                        .isEqualTo(ConnectFixture.TRANSFORM);
            } finally {
                Files.delete(jar);
            }
        }
    }

    /** The events both deployments get: every outcome, in both write modes. */
    static final class EquivalenceCorpus {

        static final String DEAD_LETTER = "waybill.dead-letter.equivalence";

        private EquivalenceCorpus() {}

        /** Writes the corpus and returns how many records it makes. */
        static int write(TestDatabase database) throws Exception {
            int records = 0;
            for (WriteMode mode : WriteMode.values()) {
                OutboxWriter writer = OutboxWriter.create().withMode(mode);
                String tag = mode.name().substring(0, 1);
                List<OutboxEvent> events = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    events.add(order(String.format("ORD-%s%05d", tag.equals("T") ? "1" : "2", i % 3), i));
                }
                events.add(order("not-an-order", 1)); // contract-violation
                events.add(order("ORD-300000", 1).toBuilder()
                        .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                        .header("tracestate", "congo=t61rcWkgMzE")
                        .build());
                events.add(OutboxEvent.builder() // unknown-contract
                        .contract("nobody.knows")
                        .schemaVersion("1.0.0")
                        .aggregate("thing", "t-1")
                        .payload("{\"a\":1}")
                        .build());
                events.add(order("ORD-300001", 2).toBuilder()
                        .schemaVersion("9.0.0")
                        .build()); // unknown-version
                events.add(OutboxEvent.builder() // retired-version
                        .contract("legacy.signup")
                        .schemaVersion("1.0.0")
                        .aggregate("user", "u-" + tag)
                        .payload("{\"userId\":\"u-1\"}")
                        .build());
                events.add(OutboxEvent.builder() // valid 1.1.0
                        .contract("orders.order-placed")
                        .schemaVersion("1.1.0")
                        .aggregate("order", "ORD-400000")
                        .occurredAt(Instant.parse("2026-12-01T10:00:00.5Z"))
                        .payload("{\"orderId\":\"ORD-400000\",\"totalAmount\":3,"
                                + "\"occurredAt\":\"2026-11-26T10:15:30Z\",\"salesChannel\":\"web\"}")
                        .build());
                try (Connection connection = database.connect()) {
                    connection.setAutoCommit(false);
                    writer.writeAll(connection, events);
                    connection.commit();
                }
                records += events.size();
            }
            try (Connection connection = database.connect();
                    Statement statement = connection.createStatement()) {
                // Someone else's message under the outbox's prefix: malformed-event, the content as the value.
                statement.execute("SELECT pg_logical_emit_message(true, 'waybill:waybill.outbox', 'not an envelope')");
                // A row whose headers are not a JSON object of strings: malformed-headers.
                statement.execute("INSERT INTO waybill.outbox (id, contract, schema_version, aggregate_type, "
                        + "aggregate_id, event_type, payload, headers, occurred_at) VALUES ("
                        + "'"
                        + OutboxEvent.builder()
                                .contract("x")
                                .schemaVersion("1.0.0")
                                .aggregate("a", "b")
                                .payload("{}")
                                .build()
                                .id()
                        + "', 'orders.order-placed', '1.0.0', 'order', 'ORD-500000', 'orders.order-placed', "
                        + "'{\"orderId\":\"ORD-500000\",\"totalAmount\":1,\"occurredAt\":\"2026-11-26T10:15:30Z\"}', "
                        + "'{\"traceparent\":42}', now())");
                // Not outbox events: heartbeats and other messages are dropped by both.
                statement.execute("SELECT pg_logical_emit_message(true, 'someone-else', 'hello')");
            }
            return records + 2;
        }

        private static OutboxEvent order(String orderId, long total) {
            return OutboxEvent.builder()
                    .contract("orders.order-placed")
                    .schemaVersion("1.0.0")
                    .aggregate("order", orderId)
                    .occurredAt(Instant.parse("2026-12-01T10:00:00.123456Z"))
                    .payload("{\"orderId\":\"" + orderId + "\",\"totalAmount\":" + total
                            + ",\"occurredAt\":\"2026-11-26T10:15:30Z\"}")
                    .build();
        }
    }
}
