package dev.waybill.relay;

import static dev.waybill.relay.RelayFixture.header;
import static dev.waybill.relay.RelayFixture.order;
import static dev.waybill.relay.RelayFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WaybillTest
class RelayRoutingIT {

    private static Relay relay;
    private static String defaultDeadLetter;

    @BeforeAll
    static void start(TestDatabase database, TestKafka kafka) {
        RelayFixture.migrate(database);
        RelayConfig.Builder config = RelayFixture.relay(database, kafka, "routing");
        defaultDeadLetter = kafka.uniqueTopic("waybill.dead-letter");
        config.set(RelaySettings.KAFKA_DEAD_LETTER_TOPIC, defaultDeadLetter);
        config.set(RelaySettings.KAFKA_SOURCE, "/shop/orders");
        relay = Relay.start(config.build());
        await().atMost(Duration.ofSeconds(60)).until(relay::ready);
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    @Test
    void validEventIsPublishedToItsTopicWithCloudEventHeaders(TestDatabase database, TestKafka kafka) throws Exception {
        OutboxEvent event = order("ORD-100001", 1250).toBuilder()
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .header("ce_id", "spoofed")
                .build();
        RelayFixture.write(database, List.of(event));

        ConsumerRecord<byte[], byte[]> record = RelayFixture.read(
                        kafka, Set.of(event.id().toString()), "orders.order-placed.v1")
                .get(event.id().toString())
                .get(0);

        assertThat(text(record.key())).isEqualTo("ORD-100001");
        assertThat(text(record.value()))
                .isEqualTo(
                        "{\"orderId\": \"ORD-100001\", \"occurredAt\": \"2026-11-26T10:15:30Z\", \"totalAmount\": 1250}");
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_id")).isEqualTo(event.id().toString());
        assertThat(header(record, "ce_type")).isEqualTo("orders.order-placed");
        assertThat(header(record, "ce_source")).isEqualTo("/shop/orders");
        assertThat(header(record, "ce_subject")).isEqualTo("ORD-100001");
        assertThat(header(record, "ce_time")).isEqualTo(event.occurredAt().toString());
        assertThat(header(record, "content-type")).isEqualTo("application/json");
        assertThat(header(record, "ce_dataschema")).isEqualTo("urn:waybill:contract:orders.order-placed:1.0.0");
        assertThat(header(record, "ce_waybillcontract")).isEqualTo("orders.order-placed");
        assertThat(header(record, "ce_waybillversion")).isEqualTo("1.0.0");
        assertThat(header(record, "ce_waybillaggregatetype")).isEqualTo("order");
        assertThat(Long.parseLong(header(record, "ce_waybilllsn"))).isPositive();
        assertThat(Long.parseLong(header(record, "ce_waybilltxid"))).isPositive();
        assertThat(header(record, "ce_waybillrelay")).isNotBlank();
        assertThat(header(record, "ce_waybillrelayedat")).isNotBlank();
        assertThat(header(record, "traceparent")).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(record.headers().headers("ce_id")).hasSize(1);
        assertThat(header(record, "waybill_dlq_reason")).isNull();
    }

    @Test
    void everyKindOfBadEventIsDeadLetteredWithItsReasonAndTheStreamGoesOn(TestDatabase database, TestKafka kafka)
            throws Exception {
        OutboxEvent invalid = order("12345", -5);
        OutboxEvent unknownContract =
                order("ORD-100002", 1).toBuilder().contract("orders.nope").build();
        OutboxEvent unknownVersion =
                order("ORD-100003", 1).toBuilder().schemaVersion("7.0.0").build();
        OutboxEvent retired = OutboxEvent.builder()
                .contract("legacy.signup")
                .schemaVersion("1.0.0")
                .aggregate("user", "U-1")
                .payload("{\"userId\":\"U-1\"}")
                .build();
        String big = "x".repeat(1_100_000);
        OutboxEvent oversized = order("ORD-100004", 1).toBuilder()
                .payload("{\"orderId\":\"ORD-100004\",\"totalAmount\":1,\"occurredAt\":\"2026-11-26T10:15:30Z\","
                        + "\"note\":\"" + big + "\"}")
                .contract("orders.order-placed")
                .schemaVersion("1.1.0")
                .build();
        OutboxEvent valid = order("ORD-100005", 3);
        RelayFixture.write(database, List.of(invalid, unknownContract, unknownVersion, retired, oversized, valid));
        String malformedHeadersId = dev.waybill.outbox.internal.UuidV7.next().toString();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO waybill.outbox (id, contract, schema_version, aggregate_type, "
                    + "aggregate_id, event_type, payload, headers) VALUES ('" + malformedHeadersId + "', "
                    + "'orders.order-placed', '1.0.0', 'order', 'ORD-100006', 'OrderPlaced', "
                    + "'{\"orderId\":\"ORD-100006\",\"totalAmount\":1,\"occurredAt\":\"2026-11-26T10:15:30Z\"}', "
                    + "'{\"retries\": 3}')");
        }

        Set<String> ids = Set.of(
                invalid.id().toString(),
                unknownContract.id().toString(),
                unknownVersion.id().toString(),
                retired.id().toString(),
                oversized.id().toString(),
                valid.id().toString(),
                malformedHeadersId);
        Map<String, List<ConsumerRecord<byte[], byte[]>>> records =
                RelayFixture.read(kafka, ids, "orders.order-placed.v1", "orders.order-placed.dlq", defaultDeadLetter);

        assertThat(records.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertRoute(records, invalid, "orders.order-placed.dlq", "contract-violation");
        ConsumerRecord<byte[], byte[]> violation =
                records.get(invalid.id().toString()).get(0);
        assertThat(header(violation, "waybill_dlq_pointer")).isEqualTo("/orderId");
        assertThat(header(violation, "waybill_dlq_message")).contains("/orderId pattern", "/totalAmount minimum");
        assertThat(header(violation, "waybill_dlq_intended_topic")).isEqualTo("orders.order-placed.v1");
        assertThat(text(violation.value())).contains("\"totalAmount\": -5");
        assertThat(text(violation.key())).isEqualTo("12345");
        assertRoute(records, unknownContract, defaultDeadLetter, "unknown-contract");
        assertRoute(records, unknownVersion, defaultDeadLetter, "unknown-version");
        assertThat(header(records.get(unknownVersion.id().toString()).get(0), "waybill_dlq_message"))
                .contains("has no version 7.0.0 (known: 1.0.0, 1.1.0)");
        assertRoute(records, retired, defaultDeadLetter, "retired-version");
        ConsumerRecord<byte[], byte[]> tooLarge =
                records.get(oversized.id().toString()).get(0);
        assertThat(tooLarge.topic()).isEqualTo("orders.order-placed.dlq");
        assertThat(header(tooLarge, "waybill_dlq_reason")).isEqualTo("record-too-large");
        assertThat(tooLarge.value()).isNull();
        assertThat(text(tooLarge.key())).isEqualTo("ORD-100004");
        assertThat(records.get(valid.id().toString()).get(0).topic()).isEqualTo("orders.order-placed.v1");
        ConsumerRecord<byte[], byte[]> badHeaders =
                records.get(malformedHeadersId).get(0);
        assertThat(badHeaders.topic()).isEqualTo("orders.order-placed.dlq");
        assertThat(header(badHeaders, "waybill_dlq_reason")).isEqualTo("malformed-headers");
        assertThat(relay.live()).isTrue();
    }

    @Test
    void updatesAndDeletesOfOutboxRowsPublishNothing(TestDatabase database, TestKafka kafka) throws Exception {
        OutboxEvent event = order("ORD-100010", 10);
        RelayFixture.write(database, List.of(event));
        RelayFixture.read(kafka, Set.of(event.id().toString()), "orders.order-placed.v1");
        // The publication publishes inserts only, so the relay never even sees these.
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("UPDATE waybill.outbox SET event_type = 'changed' WHERE id = '" + event.id() + "'");
            statement.execute("DELETE FROM waybill.outbox WHERE id = '" + event.id() + "'");
        }
        OutboxEvent after = order("ORD-100011", 11);
        RelayFixture.write(database, List.of(after));
        Map<String, List<ConsumerRecord<byte[], byte[]>>> records = RelayFixture.read(
                kafka, Set.of(event.id().toString(), after.id().toString()), "orders.order-placed.v1");
        assertThat(records.get(event.id().toString())).hasSize(1);
        assertThat(records.get(after.id().toString())).hasSize(1);
    }

    @Test
    void healthAndMetricsEndpointsAnswer() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + relay.httpPort();
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(base + "/health/live"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> ready = http.send(
                HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body())
                .startsWith("{\"status\":\"UP\",\"role\":\"active\",\"checks\":{\"engine\":{\"status\":\"UP\"")
                .contains(
                        "\"slot\":{\"status\":\"UP\",\"name\":\"waybill_routing\",\"active\":true,\"lagBytes\":",
                        "\"kafka\":{\"status\":\"UP\"",
                        "\"contracts\":{\"status\":\"UP\",\"versions\":");
        HttpResponse<String> role = http.send(
                HttpRequest.newBuilder(URI.create(base + "/health/role")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(role.statusCode()).isEqualTo(200);
        assertThat(role.body()).startsWith("{\"role\":\"active\",\"relay\":\"routing\",\"instance\":");
        assertThat(relay.role()).isEqualTo(RelayRole.ACTIVE);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics)
                    .contains(
                            "waybill_events_published_total{contract=\"orders.order-placed\"",
                            "waybill_commit_to_ack_seconds_bucket",
                            "waybill_replication_slot_lag_bytes",
                            "waybill_relay_ready{relay=\"routing\"} 1.0",
                            "waybill_relay_active{relay=\"routing\"} 1.0");
        });
    }

    private static void assertRoute(
            Map<String, List<ConsumerRecord<byte[], byte[]>>> records, OutboxEvent event, String topic, String reason) {
        ConsumerRecord<byte[], byte[]> record =
                records.get(event.id().toString()).get(0);
        assertThat(record.topic()).as(event.toString()).isEqualTo(topic);
        assertThat(header(record, "waybill_dlq_reason")).as(event.toString()).isEqualTo(reason);
        assertThat(header(record, "ce_id")).isEqualTo(event.id().toString());
        assertThat(header(record, "ce_waybillcontract")).isEqualTo(event.contract());
    }
}
