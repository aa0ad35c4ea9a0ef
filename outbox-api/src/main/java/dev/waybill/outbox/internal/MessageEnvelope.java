package dev.waybill.outbox.internal;

import dev.waybill.outbox.OutboxEvent;

/**
 * The content of a logical decoding message that carries one event: a one-line JSON envelope of the outbox row's
 * columns except the payload, a line break, then the payload exactly as written. Built here rather than in SQL so
 * the database only appends it to the WAL; {@link OutboxEvent} has already checked every part. The relay reads it
 * back (dev.waybill.relay.internal.OutboxRow): change both together.
 */
public final class MessageEnvelope {

    private MessageEnvelope() {}

    public static String of(OutboxEvent event) {
        StringBuilder content = new StringBuilder(256 + event.payload().length());
        content.append("{\"id\":\"").append(event.id()).append('"');
        member(content, "contract", event.contract());
        member(content, "schema_version", event.schemaVersion());
        member(content, "aggregate_type", event.aggregateType());
        member(content, "aggregate_id", event.aggregateId());
        member(content, "event_type", event.eventType());
        content.append(",\"headers\":").append(JsonText.object(event.headers()));
        member(content, "occurred_at", event.occurredAt().toString());
        return content.append("}\n").append(event.payload()).toString();
    }

    private static void member(StringBuilder content, String name, String value) {
        content.append(",\"").append(name).append("\":");
        JsonText.string(content, value);
    }
}
