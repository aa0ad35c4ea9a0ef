package dev.waybill.outbox;

import dev.waybill.outbox.internal.JsonText;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Writes {@link OutboxEvent}s with the caller's JDBC connection, inside the caller's transaction: the events commit
 * or roll back with the business writes. The writer never commits, rolls back or changes the connection's
 * settings, and refuses a connection in auto-commit mode, where each event would commit on its own.
 *
 * <p>Thread-safe and stateless apart from its table name: create one and share it.
 */
public final class OutboxWriter {

    private static final String COLUMNS =
            "(id, contract, schema_version, aggregate_type, aggregate_id, event_type, payload, headers, occurred_at)";
    // The message is the row's columns as a JSON envelope, a line break, then the payload exactly as jsonb prints
    // it: the relay parses the small envelope and hands the payload to Kafka as it would a row's.
    private static final String ENVELOPE = "json_build_object('id', %1$s, 'contract', %2$s, 'schema_version', %3$s, "
            + "'aggregate_type', %4$s, 'aggregate_id', %5$s, 'event_type', %6$s, 'headers', %8$s, "
            + "'occurred_at', %9$s)::text || E'\\n' || %7$s::text";

    private final OutboxTable table;
    private final WriteMode mode;
    private final String writeOne;
    private final String writeMany;

    private OutboxWriter(OutboxTable table, WriteMode mode) {
        this.table = Objects.requireNonNull(table, "table");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (mode == WriteMode.TABLE) {
            this.writeOne = "INSERT INTO " + table.qualifiedName() + " " + COLUMNS
                    + " VALUES (?::uuid, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::timestamptz)";
            // One statement and one round trip for any number of events. unnest() yields the rows in array order,
            // so events of one aggregate reach the WAL (and Kafka) in the order they were given.
            this.writeMany = "INSERT INTO " + table.qualifiedName() + " " + COLUMNS
                    + " SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
                    + " ?::jsonb[], ?::jsonb[], ?::timestamptz[])";
        } else {
            String emit = "pg_logical_emit_message(true, '" + table.messagePrefix() + "', " + String.format(ENVELOPE,
                    "e.id", "e.contract", "e.schema_version", "e.aggregate_type", "e.aggregate_id", "e.event_type",
                    "e.payload", "e.headers", "e.occurred_at") + ")";
            String names = " AS e(id, contract, schema_version, aggregate_type, aggregate_id, event_type, payload,"
                    + " headers, occurred_at)";
            this.writeOne = "SELECT " + emit + " FROM (VALUES (?::text, ?::text, ?::text, ?::text, ?::text,"
                    + " ?::text, ?::jsonb, ?::jsonb, ?::text))" + names;
            this.writeMany = "SELECT count(" + emit + ") FROM unnest(?::text[], ?::text[], ?::text[], ?::text[],"
                    + " ?::text[], ?::text[], ?::jsonb[], ?::jsonb[], ?::text[])" + names;
        }
    }

    /** A writer for {@code waybill.outbox}, the migrations' default, in {@link WriteMode#TABLE} mode. */
    public static OutboxWriter create() {
        return new OutboxWriter(OutboxTable.DEFAULT, WriteMode.TABLE);
    }

    /** A writer for an outbox table migrated into another schema or under another name. */
    public static OutboxWriter forTable(OutboxTable table) {
        return new OutboxWriter(table, WriteMode.TABLE);
    }

    /** This writer for the same outbox, recording events the given way. */
    public OutboxWriter withMode(WriteMode mode) {
        return new OutboxWriter(table, mode);
    }

    public WriteMode mode() {
        return mode;
    }

    public OutboxTable table() {
        return table;
    }

    /** Writes one event in the connection's current transaction. */
    public void write(Connection connection, OutboxEvent event) {
        Objects.requireNonNull(event, "event");
        requireTransaction(connection);
        try (PreparedStatement statement = connection.prepareStatement(writeOne)) {
            statement.setString(1, event.id().toString());
            statement.setString(2, event.contract());
            statement.setString(3, event.schemaVersion());
            statement.setString(4, event.aggregateType());
            statement.setString(5, event.aggregateId());
            statement.setString(6, event.eventType());
            statement.setString(7, event.payload());
            statement.setString(8, JsonText.object(event.headers()));
            statement.setString(9, event.occurredAt().toString());
            statement.execute();
        } catch (SQLException e) {
            throw failure("event " + event.id(), e);
        }
    }

    /**
     * Writes all events with one statement in the connection's current transaction, in list order.
     *
     * @return the number of events written
     */
    public int writeAll(Connection connection, List<OutboxEvent> events) {
        Objects.requireNonNull(events, "events");
        requireTransaction(connection);
        if (events.isEmpty()) {
            return 0;
        }
        int size = events.size();
        String[][] columns = new String[9][size];
        for (int i = 0; i < size; i++) {
            OutboxEvent event = Objects.requireNonNull(events.get(i), "events contains null at index " + i);
            columns[0][i] = event.id().toString();
            columns[1][i] = event.contract();
            columns[2][i] = event.schemaVersion();
            columns[3][i] = event.aggregateType();
            columns[4][i] = event.aggregateId();
            columns[5][i] = event.eventType();
            columns[6][i] = event.payload();
            columns[7][i] = JsonText.object(event.headers());
            columns[8][i] = event.occurredAt().toString();
        }
        try (PreparedStatement statement = connection.prepareStatement(writeMany)) {
            Array[] arrays = new Array[columns.length];
            try {
                for (int c = 0; c < columns.length; c++) {
                    arrays[c] = connection.createArrayOf("text", columns[c]);
                    statement.setArray(c + 1, arrays[c]);
                }
                if (mode == WriteMode.TABLE) {
                    return statement.executeUpdate();
                }
                try (ResultSet emitted = statement.executeQuery()) {
                    emitted.next();
                    return emitted.getInt(1);
                }
            } finally {
                for (Array array : arrays) {
                    if (array != null) {
                        array.free();
                    }
                }
            }
        } catch (SQLException e) {
            throw failure(size + " events", e);
        }
    }

    private void requireTransaction(Connection connection) {
        Objects.requireNonNull(connection, "connection");
        try {
            if (connection.getAutoCommit()) {
                throw new OutboxWriteException("Refusing to write to the outbox " + table + " on a connection in "
                        + "auto-commit mode: the event would commit on its own, not with your business writes. "
                        + "Call connection.setAutoCommit(false) or write inside your framework's transaction.");
            }
        } catch (SQLException e) {
            throw failure("events", e);
        }
    }

    private OutboxWriteException failure(String what, SQLException e) {
        return new OutboxWriteException("Could not write " + what + " to the outbox " + table + " (SQLState "
                + e.getSQLState() + "): " + e.getMessage(), e);
    }
}
