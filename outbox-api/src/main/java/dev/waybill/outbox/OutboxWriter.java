package dev.waybill.outbox;

import dev.waybill.outbox.internal.MessageEnvelope;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * Writes {@link OutboxEvent}s with the caller's JDBC connection, inside the caller's transaction: the events commit
 * or roll back with the business writes. The writer never commits, rolls back or changes the connection's
 * settings, and refuses a connection in auto-commit mode, where each event would commit on its own.
 *
 * <p>Thread-safe; it holds no connection: create one and share it.
 */
public final class OutboxWriter {

    private static final OutboxColumn[] COLUMNS = OutboxColumn.values();
    private static final String COLUMN_LIST =
            Arrays.stream(COLUMNS).map(OutboxColumn::column).collect(Collectors.joining(", ", "(", ")"));
    private final OutboxTable table;
    private final WriteMode mode;
    private final WriteListener listener;
    private final String writeOne;
    private final String writeMany;
    // MESSAGE mode: once a logical slot has been seen in the database, it is not looked for again.
    private final AtomicBoolean slotSeen = new AtomicBoolean();

    private OutboxWriter(OutboxTable table, WriteMode mode, WriteListener listener) {
        this.table = Objects.requireNonNull(table, "table");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (mode == WriteMode.TABLE) {
            this.writeOne = "INSERT INTO " + table.qualifiedName() + " " + COLUMN_LIST
                    + Arrays.stream(COLUMNS)
                            .map(column -> "?::" + column.sqlType())
                            .collect(Collectors.joining(", ", " VALUES (", ")"));
            // One statement and one round trip for any number of events. unnest() yields the rows in array order,
            // so events of one aggregate reach the WAL (and Kafka) in the order they were given.
            this.writeMany = "INSERT INTO " + table.qualifiedName() + " " + COLUMN_LIST
                    + Arrays.stream(COLUMNS)
                            .map(column -> "?::" + column.sqlType() + "[]")
                            .collect(Collectors.joining(", ", " SELECT * FROM unnest(", ")"));
        } else {
            // The envelope is built in Java (MessageEnvelope): the database only appends it to the WAL.
            String emit = "pg_logical_emit_message(true, '" + table.messagePrefix() + "', ";
            this.writeOne = "SELECT " + emit + "?)";
            this.writeMany = "SELECT count(" + emit + "m.content)) FROM unnest(?::text[]) AS m(content)";
        }
    }

    /** A writer for {@code waybill.outbox}, the migrations' default, in {@link WriteMode#TABLE} mode. */
    public static OutboxWriter create() {
        return new OutboxWriter(OutboxTable.DEFAULT, WriteMode.TABLE, WriteListener.NONE);
    }

    /** A writer for an outbox table migrated into another schema or under another name. */
    public static OutboxWriter forTable(OutboxTable table) {
        return new OutboxWriter(table, WriteMode.TABLE, WriteListener.NONE);
    }

    /** This writer for the same outbox, recording events the given way. */
    public OutboxWriter withMode(WriteMode mode) {
        return new OutboxWriter(table, mode, listener);
    }

    /** This writer, telling {@code listener} of every successful write (for meters). */
    public OutboxWriter withListener(WriteListener listener) {
        return new OutboxWriter(table, mode, listener);
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
        long started = System.nanoTime();
        try (PreparedStatement statement = connection.prepareStatement(writeOne)) {
            if (mode == WriteMode.MESSAGE) {
                requireSlot(connection);
                statement.setString(1, MessageEnvelope.of(event));
            } else {
                for (int c = 0; c < COLUMNS.length; c++) {
                    statement.setString(c + 1, COLUMNS[c].valueOf(event));
                }
            }
            statement.execute();
        } catch (SQLException e) {
            throw failure("event " + event.id(), e);
        }
        listener.written(List.of(event), mode, System.nanoTime() - started);
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
        long started = System.nanoTime();
        int written = mode == WriteMode.MESSAGE ? emitAll(connection, events) : insertAll(connection, events);
        listener.written(events, mode, System.nanoTime() - started);
        return written;
    }

    private int insertAll(Connection connection, List<OutboxEvent> events) {
        int size = events.size();
        String[][] columns = new String[COLUMNS.length][size];
        for (int i = 0; i < size; i++) {
            OutboxEvent event = Objects.requireNonNull(events.get(i), "events contains null at index " + i);
            for (int c = 0; c < COLUMNS.length; c++) {
                columns[c][i] = COLUMNS[c].valueOf(event);
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(writeMany)) {
            Array[] arrays = new Array[columns.length];
            try {
                for (int c = 0; c < columns.length; c++) {
                    arrays[c] = connection.createArrayOf("text", columns[c]);
                    statement.setArray(c + 1, arrays[c]);
                }
                return statement.executeUpdate();
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

    private int emitAll(Connection connection, List<OutboxEvent> events) {
        requireSlot(connection);
        String[] contents = new String[events.size()];
        for (int i = 0; i < contents.length; i++) {
            contents[i] =
                    MessageEnvelope.of(Objects.requireNonNull(events.get(i), "events contains null at index " + i));
        }
        try (PreparedStatement statement = connection.prepareStatement(writeMany)) {
            Array array = connection.createArrayOf("text", contents);
            try {
                statement.setArray(1, array);
                try (ResultSet emitted = statement.executeQuery()) {
                    emitted.next();
                    return emitted.getInt(1);
                }
            } finally {
                array.free();
            }
        } catch (SQLException e) {
            throw failure(contents.length + " events", e);
        }
    }

    /**
     * A logical decoding message is kept only for slots that exist when it is written: with none, it would reach no
     * relay and be lost without a trace. Refuse instead, until a slot has been seen once.
     */
    private void requireSlot(Connection connection) {
        if (slotSeen.get()) {
            return;
        }
        try (Statement statement = connection.createStatement();
                ResultSet slots = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_replication_slots "
                        + "WHERE slot_type = 'logical' AND database = current_database())")) {
            slots.next();
            if (!slots.getBoolean(1)) {
                throw new OutboxWriteException("Refusing to write in MESSAGE mode to the outbox " + table + ": this "
                        + "database has no logical replication slot yet, so the message would reach no relay and be "
                        + "lost. Start the relay once (it creates its slot) before writing, or write with "
                        + "WriteMode.TABLE, whose rows wait in the table.");
            }
            slotSeen.set(true);
        } catch (SQLException e) {
            throw failure("events", e);
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
        return new OutboxWriteException(
                "Could not write " + what + " to the outbox " + table + " (SQLState " + e.getSQLState() + "): "
                        + e.getMessage(),
                e);
    }
}
