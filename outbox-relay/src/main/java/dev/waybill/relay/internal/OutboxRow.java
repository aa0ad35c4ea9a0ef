package dev.waybill.relay.internal;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * One captured outbox insert, read out of Debezium's change event.
 *
 * @param commitMillis when its transaction committed (Debezium's {@code source.ts_ms}): the start of the
 *     commit-to-acknowledgement latency
 * @param lsn the WAL position of the change, {@code 0} during the initial snapshot
 */
record OutboxRow(
        String id, String contract, String schemaVersion, String aggregateType, String aggregateId, String eventType,
        String payload, String headers, String occurredAt, long lsn, long txId, long commitMillis) {

    /** What a change event is, for Waybill. */
    enum Kind { INSERT, IGNORED_CHANGE, OTHER }

    static Kind kind(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("op") == null) {
            return Kind.OTHER; // heartbeats, logical decoding messages, tombstones
        }
        String op = value.getString("op");
        return "c".equals(op) || "r".equals(op) ? Kind.INSERT : Kind.IGNORED_CHANGE;
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
