package dev.waybill.outbox;

import dev.waybill.outbox.internal.JsonText;
import java.util.function.Function;

/**
 * The outbox row format, in column order: the one definition that the migration's table, the writer, the message
 * envelope and every reader of captured events follow. It is a format users depend on: change it only with a new
 * migration.
 *
 * <p>A logical decoding message ({@link WriteMode#MESSAGE}) carries the same columns: a one-line JSON envelope of
 * every column {@linkplain #inEnvelope() except the payload}, named by {@link #column()} ({@code headers} as a JSON
 * object, the others as strings), then {@link #ENVELOPE_END}, then the payload exactly as written.
 */
public enum OutboxColumn {
    ID("id", "uuid", event -> event.id().toString()),
    CONTRACT("contract", "text", OutboxEvent::contract),
    SCHEMA_VERSION("schema_version", "text", OutboxEvent::schemaVersion),
    AGGREGATE_TYPE("aggregate_type", "text", OutboxEvent::aggregateType),
    AGGREGATE_ID("aggregate_id", "text", OutboxEvent::aggregateId),
    EVENT_TYPE("event_type", "text", OutboxEvent::eventType),
    PAYLOAD("payload", "jsonb", OutboxEvent::payload),
    HEADERS("headers", "jsonb", event -> JsonText.object(event.headers())),
    OCCURRED_AT("occurred_at", "timestamptz", event -> event.occurredAt().toString());

    /** Ends a message's envelope; the payload follows it. */
    public static final char ENVELOPE_END = '\n';

    private final String column;
    private final String sqlType;
    private final Function<OutboxEvent, String> value;

    OutboxColumn(String column, String sqlType, Function<OutboxEvent, String> value) {
        this.column = column;
        this.sqlType = sqlType;
        this.value = value;
    }

    /** The column's name in the table, and the member's name in a message envelope. */
    public String column() {
        return column;
    }

    /** The column's PostgreSQL type. */
    public String sqlType() {
        return sqlType;
    }

    /** This column of {@code event} as text, the way the writer sends it to PostgreSQL. */
    public String valueOf(OutboxEvent event) {
        return value.apply(event);
    }

    /** Whether a message envelope carries this column (all but the payload, which follows the envelope). */
    public boolean inEnvelope() {
        return this != PAYLOAD;
    }
}
