package dev.waybill.relay.internal;

import dev.waybill.outbox.OutboxColumn;
import dev.waybill.routing.CapturedEvent;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Reads Debezium's change events into {@link CapturedEvent}s: an outbox row insert (or a row of the initial snapshot)
 * by its columns, a logical decoding message with the outbox's prefix by its envelope.
 */
final class ChangeEvents {

    private ChangeEvents() {}

    /**
     * The event a change carries; none for heartbeats, transaction markers, and any change that is not an insert
     * (the migrations' publication publishes inserts only, so none arrive).
     */
    static Optional<CapturedEvent> read(SourceRecord record) {
        if (!(record.value() instanceof Struct value) || value.schema().field("op") == null) {
            return Optional.empty();
        }
        Struct source = value.getStruct("source");
        long lsn = number(source, "lsn");
        long txId = number(source, "txId");
        long commitMillis = number(source, "ts_ms");
        return switch (value.getString("op")) {
            case "c", "r" -> Optional.of(row(value.getStruct("after"), lsn, txId, commitMillis));
            // Only the outbox's own prefix is captured (message.prefix.include.list), so every message is an event.
            case "m" ->
                Optional.of(CapturedEvent.fromMessage(
                        content(value.getStruct("message").get("content")), lsn, txId, commitMillis));
            default -> Optional.empty();
        };
    }

    private static CapturedEvent row(Struct after, long lsn, long txId, long commitMillis) {
        CapturedEvent.Builder event = CapturedEvent.builder().position(lsn, txId, commitMillis);
        for (OutboxColumn column : OutboxColumn.values()) {
            Field field = after.schema().field(column.column());
            Object value = field == null ? null : after.get(field);
            event.column(column, value == null ? null : value.toString());
        }
        return event.build();
    }

    private static byte[] content(Object raw) {
        if (raw instanceof ByteBuffer buffer) {
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            return copy;
        }
        return (byte[]) raw;
    }

    private static long number(Struct struct, String name) {
        Field field = struct.schema().field(name);
        Object value = field == null ? null : struct.get(field);
        return value instanceof Number number ? number.longValue() : 0L;
    }
}
