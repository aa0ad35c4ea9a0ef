package dev.waybill.relay;

import static dev.waybill.relay.RelayFixture.header;
import static dev.waybill.relay.RelayFixture.order;
import static dev.waybill.relay.RelayFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.outbox.WriteMode;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Events written as logical decoding messages ({@link WriteMode#MESSAGE}) reach Kafka exactly as rows do, mixed with
 * rows in one aggregate's order, and bad ones are dead-lettered.
 */
@WaybillTest
class RelayMessageModeIT {

    private static final OutboxWriter ROWS = OutboxWriter.create();
    private static final OutboxWriter MESSAGES = OutboxWriter.create().withMode(WriteMode.MESSAGE);

    @Test
    void messagesArePublishedLikeRowsInOneOrderAndBadOnesAreDeadLettered(TestDatabase database, TestKafka kafka)
            throws Exception {
        RelayFixture.migrate(database);
        RelayConfig.Builder config = RelayFixture.relay(database, kafka, "messages");
        String defaultDeadLetter = kafka.uniqueTopic("waybill.dead-letter");
        config.set(RelaySettings.KAFKA_DEAD_LETTER_TOPIC, defaultDeadLetter);
        try (Relay relay = Relay.start(config.build())) {
            await().atMost(Duration.ofSeconds(60)).until(relay::ready);
            Set<String> committed = new HashSet<>();
            List<OutboxEvent> rolledBack = new ArrayList<>();
            OutboxEvent traced = order("ORD-600000", 0).toBuilder()
                    .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                    .build();
            OutboxEvent invalid = order("ORD-600001", -1);
            try (Connection connection = database.connect()) {
                connection.setAutoCommit(false);
                MESSAGES.write(connection, traced);
                MESSAGES.write(connection, invalid);
                connection.commit();
                committed.add(traced.id().toString());
                committed.add(invalid.id().toString());
                // One aggregate, its events alternating between messages and rows, transaction after transaction.
                for (int sequence = 1; sequence <= 40; sequence++) {
                    List<OutboxEvent> events =
                            List.of(order("ORD-600002", sequence * 2 - 1), order("ORD-600002", sequence * 2));
                    (sequence % 2 == 0 ? ROWS : MESSAGES).writeAll(connection, events);
                    if (sequence % 10 == 0) {
                        connection.rollback();
                        rolledBack.addAll(events);
                    } else {
                        connection.commit();
                        events.forEach(event -> committed.add(event.id().toString()));
                    }
                }
                MESSAGES.writeAll(connection, List.of(order("ORD-600003", 1)));
                connection.rollback();
            }
            RelayFixture.execute(
                    database, "SELECT pg_logical_emit_message(true, 'waybill:waybill.outbox', 'not an event')");

            Map<String, List<ConsumerRecord<byte[], byte[]>>> records = RelayFixture.read(
                    kafka, committed, "orders.order-placed.v1", "orders.order-placed.dlq", defaultDeadLetter);

            assertThat(records.keySet()).containsExactlyInAnyOrderElementsOf(committed);
            rolledBack.forEach(
                    event -> assertThat(records).doesNotContainKey(event.id().toString()));
            RelayFixture.assertPerAggregateOrder(Map.of(
                    "all",
                    records.values().stream()
                            .flatMap(List::stream)
                            .filter(r -> r.topic().equals("orders.order-placed.v1"))
                            .toList()));

            ConsumerRecord<byte[], byte[]> published =
                    records.get(traced.id().toString()).get(0);
            assertThat(published.topic()).isEqualTo("orders.order-placed.v1");
            assertThat(text(published.key())).isEqualTo("ORD-600000");
            assertThat(text(published.value()))
                    .as("the payload byte for byte as written")
                    .isEqualTo(traced.payload());
            assertThat(header(published, "ce_id")).isEqualTo(traced.id().toString());
            assertThat(header(published, "ce_type")).isEqualTo(traced.eventType());
            assertThat(header(published, "ce_time"))
                    .isEqualTo(traced.occurredAt().toString());
            assertThat(header(published, "ce_waybillcontract")).isEqualTo("orders.order-placed");
            assertThat(Long.parseLong(header(published, "ce_waybilllsn"))).isPositive();
            assertThat(header(published, "traceparent"))
                    .isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

            ConsumerRecord<byte[], byte[]> deadLettered =
                    records.get(invalid.id().toString()).get(0);
            assertThat(deadLettered.topic()).isEqualTo("orders.order-placed.dlq");
            assertThat(header(deadLettered, "waybill_dlq_reason")).isEqualTo("contract-violation");

            ConsumerRecord<byte[], byte[]> foreign = RelayFixture.readWhere(
                    kafka, defaultDeadLetter, record -> "not an event".equals(text(record.value())));
            assertThat(header(foreign, "waybill_dlq_reason")).isEqualTo("malformed-event");
            assertThat(relay.live()).isTrue();
        }
    }
}
