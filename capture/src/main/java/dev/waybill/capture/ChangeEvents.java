package dev.waybill.capture;

import dev.waybill.outbox.OutboxColumn;
import dev.waybill.outbox.OutboxTable;
import dev.waybill.routing.CapturedEvent;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Reads the change records of Debezium's PostgreSQL connector into {@link CapturedEvent}s: an insert into the outbox
 * table (or a row of a snapshot) by its columns, a logical decoding message with the outbox's prefix
 * ({@link OutboxTable#messagePrefix()}) by its envelope. Anything else (another table, heartbeats, transaction
 * markers, updates and deletes, tombstones, other messages) is not an outbox event. Thread-safe.
 *
 * <pre>{@code
 * ChangeEvents reader = ChangeEvents.of(OutboxTable.DEFAULT);
 * Optional<CapturedEvent> event = reader.read(sourceRecord);   // then EventRouter.batch().route(event)
 * }</pre>
 */
public final class ChangeEvents {

    private final OutboxTable outbox;
    private final String messagePrefix;

    private ChangeEvents(OutboxTable outbox) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.messagePrefix = outbox.messagePrefix();
    }

    /** A reader of the events of this outbox table. */
    public static ChangeEvents of(OutboxTable outbox) {
        return new ChangeEvents(outbox);
    }

    public OutboxTable outbox() {
        return outbox;
    }

    /**
     * The event a change record carries, with the WAL position, transaction id and commit time of its change; none
     * when the record is not an event of this outbox.
     */
    public Optional<CapturedEvent> read(ConnectRecord<?> record) {
        if (!(record.value() instanceof Struct value)
                || value.schema().field("op") == null
                || value.schema().field("source") == null) {
            return Optional.empty();
        }
        Struct source = value.getStruct("source");
        if (source == null) {
            return Optional.empty();
        }
        long lsn = number(source, "lsn");
        long txId = number(source, "txId");
        long commitMillis = number(source, "ts_ms");
        String op = value.getString("op");
        if (("c".equals(op) || "r".equals(op))
                && outbox.schema().equals(text(source, "schema"))
                && outbox.table().equals(text(source, "table"))) {
            Struct after = value.getStruct("after");
            return after == null ? Optional.empty() : Optional.of(row(after, lsn, txId, commitMillis));
        }
        if ("m".equals(op) && value.schema().field("message") != null) {
            Struct message = value.getStruct("message");
            if (message != null && messagePrefix.equals(text(message, "prefix"))) {
                return Optional.of(CapturedEvent.fromMessage(content(message.get("content")), lsn, txId, commitMillis));
            }
        }
        return Optional.empty();
    }

    /** The database the change came from ({@code source.db}), if the record says. */
    public static Optional<String> database(ConnectRecord<?> record) {
        if (record.value() instanceof Struct value && value.schema().field("source") != null) {
            Struct source = value.getStruct("source");
            return Optional.ofNullable(source == null ? null : text(source, "db"));
        }
        return Optional.empty();
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
        if (raw instanceof String text) { // binary.handling.mode other than bytes: refuse to guess, read as UTF-8
            return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        return raw == null ? new byte[0] : (byte[]) raw;
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
