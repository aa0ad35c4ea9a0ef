package dev.waybill.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.outbox.OutboxColumn;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.internal.MessageEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CapturedEventTest {

    @Test
    void messageWrittenByTheWriterReadsBackColumnForColumn() {
        OutboxEvent event = OutboxEvent.builder()
                .id(UUID.fromString("0193a1b2-0000-7000-8000-000000000009"))
                .contract("orders.order-placed")
                .schemaVersion("1.0.0")
                .aggregate("order", "ORD \"1\"\nsecond line")
                .header("traceparent", "00-abc-def-01")
                .occurredAt(Instant.parse("2026-12-01T10:00:00.123456Z"))
                .payload("{\n  \"orderId\": \"ORD-1\"\n}")
                .build();

        CapturedEvent captured =
                CapturedEvent.fromMessage(MessageEnvelope.of(event).getBytes(StandardCharsets.UTF_8), 10, 20, 30);

        for (OutboxColumn column : OutboxColumn.values()) {
            assertThat(captured.column(column)).as(column.column()).isEqualTo(column.valueOf(event));
        }
        assertThat(captured.lsn()).isEqualTo(10);
        assertThat(captured.txId()).isEqualTo(20);
        assertThat(captured.commitMillis()).isEqualTo(30);
    }

    @Test
    void messageThatIsNotAnEnvelopeBecomesAnEventWithoutContractCarryingTheContent() {
        for (String content : new String[] {"plain text", "{\"id\":1\n{}", "[1,2]\n{}", "{broken\n{}", ""}) {
            CapturedEvent captured = CapturedEvent.fromMessage(content.getBytes(StandardCharsets.UTF_8), 1, 2, 3);

            assertThat(captured.contract()).as(content).isNull();
            assertThat(captured.payload()).as(content).isEqualTo(content);
        }
    }

    @Test
    void unknownEnvelopeMembersFromANewerWriterAreSkipped() {
        CapturedEvent captured = CapturedEvent.fromMessage(
                ("{\"id\":\"a\",\"contract\":\"c\",\"future\":{\"x\":[1]}," + "\"schema_version\":\"1.0.0\"}\n{}")
                        .getBytes(StandardCharsets.UTF_8),
                0,
                0,
                0);

        assertThat(captured.id()).isEqualTo("a");
        assertThat(captured.contract()).isEqualTo("c");
        assertThat(captured.schemaVersion()).isEqualTo("1.0.0");
        assertThat(captured.payload()).isEqualTo("{}");
    }
}
