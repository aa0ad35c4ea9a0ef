package dev.waybill.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.outbox.OutboxEvent;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageEnvelopeTest {

    private static final String PRETTY_PAYLOAD = "{\n  \"orderId\": \"ORD-1\",\n  \"note\": \"line\\nbreak\"\n}";

    @Test
    void envelopeIsOneLineOfJsonThenThePayloadAsWritten() {
        OutboxEvent event = OutboxEvent.builder()
                .id(UUID.fromString("01939b8e-7c00-7000-8000-000000000001"))
                .contract("orders.order-placed")
                .schemaVersion("1.0.0")
                .aggregate("order", "ORD \"1\"\nsecond line")
                .header("traceparent", "00-abc-def-01")
                .occurredAt(Instant.parse("2026-11-26T10:15:30.123456Z"))
                .payload(PRETTY_PAYLOAD)
                .build();

        String content = MessageEnvelope.of(event);

        assertThat(content)
                .isEqualTo("{\"id\":\"01939b8e-7c00-7000-8000-000000000001\","
                        + "\"contract\":\"orders.order-placed\",\"schema_version\":\"1.0.0\",\"aggregate_type\":\"order\","
                        + "\"aggregate_id\":\"ORD \\\"1\\\"\\nsecond line\",\"event_type\":\"orders.order-placed\","
                        + "\"headers\":{\"traceparent\":\"00-abc-def-01\"},\"occurred_at\":\"2026-11-26T10:15:30.123456Z\"}"
                        + "\n" + PRETTY_PAYLOAD);
        assertThat(content.substring(0, content.indexOf('\n')))
                .doesNotContain("\n")
                .endsWith("}");
    }
}
