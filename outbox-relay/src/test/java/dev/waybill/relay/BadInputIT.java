package dev.waybill.relay;

import static dev.waybill.relay.RelayFixture.header;
import static dev.waybill.relay.RelayFixture.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.internal.UuidV7;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A thousand events that break their contracts in different ways, interleaved with good ones: every bad one lands
 * in a dead-letter topic with the right reason, every good one in its topic, and the relay never stops.
 */
@WaybillTest
class BadInputIT {

    private record Expected(String topic, String reason) {}

    @Test
    void everyBadEventIsDeadLetteredWithItsReasonAndEveryGoodOnePublished(TestDatabase database, TestKafka kafka)
            throws Exception {
        RelayFixture.migrate(database);
        RelayConfig.Builder config = RelayFixture.relay(database, kafka, "badinput");
        String deadLetter = kafka.uniqueTopic("bad-input-dlq");
        config.set(RelaySettings.KAFKA_DEAD_LETTER_TOPIC, deadLetter);
        String contractDlq = "orders.order-placed.dlq";
        Map<String, Expected> expected = new HashMap<>();
        List<OutboxEvent> events = new ArrayList<>();
        String nested = "{\"a\":".repeat(300) + "1" + "}".repeat(300);
        for (int i = 0; i < 1500; i++) {
            String orderId = String.format("ORD-%06d", 950_000 + i);
            OutboxEvent valid = order(orderId, i);
            OutboxEvent event;
            Expected where;
            switch (i % 12) {
                case 0 -> {
                    event = valid.toBuilder()
                            .payload("{\"orderId\":\"" + orderId + "\",\"totalAmount\":\"12\","
                                    + "\"occurredAt\":\"2026-11-26T10:15:30Z\"}")
                            .build();
                    where = new Expected(contractDlq, "contract-violation"); // wrong type
                }
                case 1 -> {
                    event = valid.toBuilder()
                            .payload("{\"orderId\":\"" + orderId + "\"}")
                            .build();
                    where = new Expected(contractDlq, "contract-violation"); // missing fields
                }
                case 2 -> {
                    event = valid.toBuilder()
                            .payload(valid.payload().replace("}", ",\"extra\":true}"))
                            .build();
                    where = new Expected(contractDlq, "contract-violation"); // extra field
                }
                case 3 -> {
                    event = valid.toBuilder()
                            .payload(valid.payload().replace("\"" + orderId + "\"", "\"" + "X".repeat(20_000) + "\""))
                            .build();
                    where = new Expected(contractDlq, "contract-violation"); // huge string breaking the pattern
                }
                case 4 -> {
                    event = valid.toBuilder()
                            .payload(valid.payload().replace("}", ",\"deep\":" + nested + "}"))
                            .build();
                    where = new Expected(contractDlq, "contract-violation"); // deep nesting
                }
                case 5 -> {
                    event = valid.toBuilder()
                            .contract("orders.unknown-" + (i % 3))
                            .build();
                    where = new Expected(deadLetter, "unknown-contract");
                }
                case 6 -> {
                    event = valid.toBuilder()
                            .schemaVersion("4." + (i % 5) + ".0")
                            .build();
                    where = new Expected(deadLetter, "unknown-version");
                }
                case 7 -> {
                    event = valid.toBuilder()
                            .payload(valid.payload().replace("2026-11-26T10:15:30Z", "soon"))
                            .build();
                    where = new Expected(contractDlq, "contract-violation"); // bad format
                }
                default -> {
                    event = valid;
                    where = new Expected("orders.order-placed.v1", null);
                }
            }
            events.add(event);
            expected.put(event.id().toString(), where);
        }
        // Kinds the writer itself refuses to build go in by SQL, as a careless service might write them.
        List<String[]> direct = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String id = UuidV7.next().toString();
            String orderId = String.format("ORD-%06d", 970_000 + i);
            boolean badHeaders = i % 2 == 0;
            String payload = badHeaders
                    ? "{\"orderId\":\"" + orderId + "\",\"totalAmount\":1,\"occurredAt\":\"2026-11-26T10:15:30Z\"}"
                    : "{\"orderId\":\"" + orderId + "\",\"totalAmount\":1,\"occurredAt\":\"2026-11-26T10:15:30Z\","
                            + "\"blob\":\"" + "b".repeat(1_100_000) + "\"}";
            direct.add(new String[] {id, orderId, payload, badHeaders ? "{\"attempt\": 2}" : "{}"});
            expected.put(
                    id,
                    badHeaders
                            ? new Expected(contractDlq, "malformed-headers")
                            : new Expected(contractDlq, "record-too-large"));
        }

        try (Relay relay = Relay.start(config.build())) {
            await().atMost(Duration.ofSeconds(60)).until(relay::ready);
            for (int from = 0; from < events.size(); from += 100) {
                RelayFixture.write(database, events.subList(from, Math.min(events.size(), from + 100)));
            }
            try (Connection connection = database.connect();
                    PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO waybill.outbox (id, contract, schema_version, aggregate_type, aggregate_id, "
                                    + "event_type, payload, headers) VALUES (?::uuid, 'orders.order-placed', '1.1.0', "
                                    + "'order', ?, 'OrderPlaced', ?::jsonb, ?::jsonb)")) {
                for (String[] row : direct) {
                    insert.setString(1, row[0]);
                    insert.setString(2, row[1]);
                    insert.setString(3, row[2]);
                    insert.setString(4, row[3]);
                    insert.executeUpdate();
                }
            }

            Map<String, List<ConsumerRecord<byte[], byte[]>>> records =
                    RelayFixture.read(kafka, expected.keySet(), "orders.order-placed.v1", contractDlq, deadLetter);

            assertThat(records.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            records.forEach((id, copies) -> {
                ConsumerRecord<byte[], byte[]> record = copies.get(0);
                Expected where = expected.get(id);
                assertThat(record.topic()).as(id).isEqualTo(where.topic());
                assertThat(header(record, "waybill_dlq_reason")).as(id).isEqualTo(where.reason());
            });
            assertThat(expected.values())
                    .filteredOn(where -> where.reason() != null)
                    .hasSizeGreaterThanOrEqualTo(1000);
            assertThat(relay.live()).isTrue();
            assertThat(relay.ready()).isTrue();
        }
    }
}
