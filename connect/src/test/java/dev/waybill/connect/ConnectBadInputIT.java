package dev.waybill.connect;

import static dev.waybill.connect.ConnectFixture.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.routing.WaybillHeaders;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.WaybillTest;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad settings are named by Connect's validate endpoint, a task given a broken contract fails with a message that
 * names the file, the line and the field, and an event too large for Kafka is dead-lettered while the task runs on.
 */
@WaybillTest
class ConnectBadInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start(TestDatabase database, @TempDir Path plugins) throws IOException {
        ConnectFixture.migrate(database);
        connect = ConnectFixture.cluster("bad-input", 1, ConnectFixture.install(plugins));
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
    }

    @Test
    void theWorkerListsTheTransformFromThePluginPath() throws IOException {
        Response response = connect.requestGet(connect.endpointForResource("connector-plugins?connectorsOnly=false"));
        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode plugins = JSON.readTree(response.getEntity().toString());
        JsonNode transform = null;
        for (JsonNode plugin : plugins) {
            if (ConnectFixture.TRANSFORM.equals(plugin.path("class").asText())) {
                transform = plugin;
            }
        }
        assertThat(transform).as("%s in %s", ConnectFixture.TRANSFORM, plugins).isNotNull();
        assertThat(transform.path("type").asText()).isEqualTo("transformation");
        assertThat(transform.path("version").asText())
                .as("the jar's Implementation-Version")
                .isNotIn("", "unknown");
    }

    @Test
    void theValidateEndpointNamesEachBadSetting(TestDatabase database) throws IOException {
        Map<String, String> config =
                ConnectFixture.connectorConfig(database, "waybill_validate", ConnectFixture.contracts());
        config.put("name", "validate");
        config.put("transforms.waybill.non.outbox.records", "keep");
        config.put("transforms.waybill.contracts.directory", "/no/such/contracts");
        config.put("transforms.waybill.contracts.reload.interval.ms", "-1");
        config.put("transforms.waybill.dead.letter.topic", "dead letters");

        Response response = connect.requestPut(
                connect.endpointForResource("connector-plugins/" + ConnectFixture.DEBEZIUM + "/config/validate"),
                JSON.writeValueAsString(config));
        assertThat(response.getStatus()).isEqualTo(200);
        JsonNode result = JSON.readTree(response.getEntity().toString());

        Map<String, List<String>> errors = errors(result);
        assertThat(errors)
                .containsOnlyKeys(
                        "transforms.waybill.non.outbox.records",
                        "transforms.waybill.contracts.directory",
                        "transforms.waybill.contracts.reload.interval.ms",
                        "transforms.waybill.dead.letter.topic");
        assertThat(errors.get("transforms.waybill.contracts.directory"))
                .singleElement()
                .asString()
                .contains("/no/such/contracts")
                .contains("not a directory");
        assertThat(errors.get("transforms.waybill.non.outbox.records"))
                .singleElement()
                .asString()
                .contains("keep");
        assertThat(result.get("error_count").asInt()).isEqualTo(4);

        config = ConnectFixture.connectorConfig(database, "waybill_validate", ConnectFixture.contracts());
        config.put("name", "validate");
        Response valid = connect.requestPut(
                connect.endpointForResource("connector-plugins/" + ConnectFixture.DEBEZIUM + "/config/validate"),
                JSON.writeValueAsString(config));
        JsonNode validResult = JSON.readTree(valid.getEntity().toString());
        assertThat(errors(validResult))
                .as("the documented configuration is valid")
                .isEmpty();
        assertThat(validResult.get("error_count").asInt())
                .as(validResult.toString())
                .isZero();
    }

    @Test
    void aBrokenContractFailsTheTaskNamingFileLineAndField(TestDatabase database, @TempDir Path contracts)
            throws IOException {
        copy(ConnectFixture.contracts(), contracts);
        Path broken = contracts.resolve("orders.order-placed/1.1.0.odcs.yaml");
        Files.writeString(broken, Files.readString(broken).replace("status: active", "status: shipped"));

        connect.configureConnector("broken", ConnectFixture.connectorConfig(database, "waybill_broken", contracts));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ConnectorStateInfo status = connect.connectorStatus("broken");
            assertThat(status.tasks()).singleElement().satisfies(task -> {
                assertThat(task.state()).isEqualTo("FAILED");
                assertThat(task.trace())
                        .contains("Waybill cannot load the contracts")
                        .contains(broken + ":6: status: 'shipped' is not a contract status");
            });
        });
        connect.deleteConnector("broken");
    }

    @Test
    void anEventTooLargeForKafkaIsDeadLetteredWithoutItsValueAndTheStreamGoesOn(TestDatabase database)
            throws Exception {
        Map<String, String> config =
                ConnectFixture.connectorConfig(database, "waybill_too_large", ConnectFixture.contracts());
        config.put("transforms.waybill.max.record.bytes", "4096");
        connect.configureConnector("too-large", config);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("too-large", 1, "the connector runs");
        await().atMost(Duration.ofSeconds(60)).until(() -> slotActive(database, "waybill_too_large"));

        OutboxEvent large = order("ORD-800001", "x".repeat(8_000));
        OutboxEvent after = order("ORD-800002", "web");
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            OutboxWriter.create().write(connection, large);
            OutboxWriter.create().write(connection, after);
            connection.commit();
        }
        String largeId = large.id().toString();
        String afterId = after.id().toString();
        List<ConsumerRecord<byte[], byte[]>> records = ConnectFixture.read(
                connect.kafka().bootstrapServers(),
                read -> read.stream()
                        .map(r -> header(r, WaybillHeaders.ID))
                        .toList()
                        .containsAll(List.of(largeId, afterId)),
                "orders.order-placed.dlq",
                "orders.order-placed.v1");

        assertThat(records)
                .filteredOn(r -> largeId.equals(header(r, WaybillHeaders.ID)))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.topic()).isEqualTo("orders.order-placed.dlq");
                    assertThat(r.value()).isNull();
                    assertThat(header(r, WaybillHeaders.DLQ_REASON)).isEqualTo("record-too-large");
                    assertThat(header(r, WaybillHeaders.DLQ_MESSAGE))
                            .contains("over the transform's max.record.bytes of 4096");
                });
        assertThat(records)
                .filteredOn(r -> afterId.equals(header(r, WaybillHeaders.ID)))
                .singleElement()
                .satisfies(r -> assertThat(r.topic()).isEqualTo("orders.order-placed.v1"));
        assertThat(connect.connectorStatus("too-large").tasks())
                .singleElement()
                .satisfies(task -> assertThat(task.state()).isEqualTo("RUNNING"));
        connect.deleteConnector("too-large");
    }

    private static OutboxEvent order(String orderId, String salesChannel) {
        return OutboxEvent.builder()
                .contract("orders.order-placed")
                .schemaVersion("1.1.0")
                .aggregate("order", orderId)
                .payload("{\"orderId\":\"" + orderId + "\",\"totalAmount\":1,\"occurredAt\":\"2026-11-26T10:15:30Z\","
                        + "\"salesChannel\":\"" + salesChannel + "\"}")
                .build();
    }

    private static boolean slotActive(TestDatabase database, String slot) throws Exception {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM pg_replication_slots WHERE active AND slot_name = ?")) {
            statement.setString(1, slot);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1) == 1;
            }
        }
    }

    private static Map<String, List<String>> errors(JsonNode result) {
        Map<String, List<String>> errors = new HashMap<>();
        for (JsonNode info : result.get("configs")) {
            List<String> messages = new java.util.ArrayList<>();
            info.path("value").path("errors").forEach(message -> messages.add(message.asText()));
            if (!messages.isEmpty()) {
                errors.put(info.get("value").get("name").asText(), messages);
            }
        }
        return errors;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
