package dev.waybill.relay.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
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

    private static final JsonFactory JSON = new JsonFactory();

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
     * The message is a JSON envelope of the row's columns, a line break, and the payload as written. A
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
        Map<String, String> fields = split > 0 ? envelope(content.substring(0, split)) : null;
        if (fields == null) {
            return new OutboxRow(null, null, null, null, null, null, content, null, null, lsn, txId, commit);
        }
        return new OutboxRow(fields.get("id"), fields.get("contract"), fields.get("schema_version"),
                fields.get("aggregate_type"), fields.get("aggregate_id"), fields.get("event_type"),
                content.substring(split + 1), fields.get("headers"), fields.get("occurred_at"), lsn, txId, commit);
    }

    /**
     * The envelope's members, read with the streaming parser (this runs for every event); {@code headers} is kept
     * as its JSON text, as a row's headers column is. {@code null} when it is not an envelope.
     */
    private static Map<String, String> envelope(String json) {
        Map<String, String> fields = new HashMap<>(16);
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT) {
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    fields.put(name, json.substring(start, (int) parser.currentLocation().getCharOffset()));
                } else if (value == JsonToken.START_ARRAY) {
                    parser.skipChildren();
                } else if (value != JsonToken.VALUE_NULL) {
                    fields.put(name, parser.getText());
                }
            }
            return fields;
        } catch (java.io.IOException e) {
            return null;
        }
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
