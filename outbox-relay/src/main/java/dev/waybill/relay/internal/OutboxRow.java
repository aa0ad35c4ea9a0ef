package dev.waybill.relay.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * One captured outbox event, read out of Debezium's change event for an outbox insert or out of a logical decoding
 * message that {@code OutboxWriter} wrote in {@code MESSAGE} mode.
 *
 * @param commitMillis when its transaction committed (Debezium's {@code source.ts_ms}): the start of the
 *     commit-to-acknowledgement latency
 * @param lsn the WAL position of the change, {@code 0} during the initial snapshot
 */
record OutboxRow(
        String id, String contract, String schemaVersion, String aggregateType, String aggregateId, String eventType,
        String payload, String headers, String occurredAt, long lsn, long txId, long commitMillis) {

    /** What a change event is, for Waybill. */
    enum Kind { INSERT, MESSAGE, IGNORED_CHANGE, OTHER }

    private static final ObjectMapper JSON = new ObjectMapper();

    static Kind kind(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("op") == null) {
            return Kind.OTHER; // heartbeats, transaction markers, tombstones
        }
        return switch (value.getString("op")) {
            case "c", "r" -> Kind.INSERT;
            // Only the outbox's own prefix is captured (message.prefix.include.list), so every message is an event.
            case "m" -> Kind.MESSAGE;
            default -> Kind.IGNORED_CHANGE;
        };
    }

    static String operation(SourceRecord record) {
        return ((Struct) record.value()).getString("op");
    }

    static OutboxRow from(SourceRecord record) {
        Struct value = (Struct) record.value();
        Struct after = value.getStruct("after");
        Struct source = value.getStruct("source");
        return new OutboxRow(
                text(after, "id"),
                text(after, "contract"),
                text(after, "schema_version"),
                text(after, "aggregate_type"),
                text(after, "aggregate_id"),
                text(after, "event_type"),
                text(after, "payload"),
                text(after, "headers"),
                text(after, "occurred_at"),
                number(source, "lsn"),
                number(source, "txId"),
                number(source, "ts_ms"));
    }

    /**
     * The message is a JSON envelope of the row's columns, a line break, and the payload as jsonb prints it. A
     * message that is not (someone else's, with the same prefix) becomes an event without a contract, which is
     * dead-lettered as {@code malformed-event} with the whole content as its value.
     */
    static OutboxRow fromMessage(SourceRecord record) {
        Struct value = (Struct) record.value();
        Struct source = value.getStruct("source");
        Object raw = value.getStruct("message").get("content");
        byte[] bytes = raw instanceof java.nio.ByteBuffer buffer ? bytes(buffer) : (byte[]) raw;
        String content = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        long lsn = number(source, "lsn");
        long txId = number(source, "txId");
        long commit = number(source, "ts_ms");
        int split = content.indexOf('\n');
        JsonNode envelope = null;
        if (split > 0) {
            try {
                envelope = JSON.readTree(content.substring(0, split));
            } catch (java.io.IOException e) {
                envelope = null;
            }
        }
        if (envelope == null || !envelope.isObject()) {
            return new OutboxRow(null, null, null, null, null, null, content, null, null, lsn, txId, commit);
        }
        JsonNode headers = envelope.get("headers");
        return new OutboxRow(field(envelope, "id"), field(envelope, "contract"), field(envelope, "schema_version"),
                field(envelope, "aggregate_type"), field(envelope, "aggregate_id"), field(envelope, "event_type"),
                content.substring(split + 1), headers == null ? null : headers.toString(),
                field(envelope, "occurred_at"), lsn, txId, commit);
    }

    private static String field(JsonNode envelope, String name) {
        JsonNode node = envelope.get(name);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }

    private static String text(Struct struct, String name) {
        Field field = struct.schema().field(name);
        Object value = field == null ? null : struct.get(field);
        return value == null ? null : value.toString();
    }

    private static long number(Struct struct, String name) {
        Field field = struct.schema().field(name);
        Object value = field == null ? null : struct.get(field);
        return value instanceof Number number ? number.longValue() : 0L;
    }
}
