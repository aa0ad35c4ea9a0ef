package dev.waybill.outbox;

import dev.waybill.outbox.internal.MessageEnvelope;
import dev.waybill.outbox.internal.StatementText;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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
    // TABLE mode, 2..VALUES_LIMIT events: the single-row INSERT with that many VALUES rows, each event its own
    // parameters; index = number of events. Measured at half the cost of the arrays for five events (no array
    // literals to escape and parse, no casts of text[] to jsonb[]). For messages the arrays measured no worse, so
    // they keep them.
    private final String[] writeRows = new String[VALUES_LIMIT + 1];
    // MESSAGE mode: once a logical slot has been seen in the database, it is not looked for again.
    private final AtomicBoolean slotSeen = new AtomicBoolean();
    private static final Parameters NO_PARAMETERS = statement -> {};
    private static final int VALUES_LIMIT = 32;

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
            String row = Arrays.stream(COLUMNS)
                    .map(column -> "?::" + column.sqlType())
                    .collect(Collectors.joining(", ", "(", ")"));
            for (int n = 2; n <= VALUES_LIMIT; n++) {
                // Rows are inserted in VALUES order, as unnest() yields them in array order.
                writeRows[n] = "INSERT INTO " + table.qualifiedName() + " " + COLUMN_LIST + " VALUES "
                        + String.join(", ", java.util.Collections.nCopies(n, row));
            }
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
        List<OutboxEvent> events = List.of(event);
        requireTransaction(connection);
        try {
            run(connection, "", NO_PARAMETERS, 0, events);
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
        List<OutboxEvent> checked = checked(events);
        try {
            run(connection, "", NO_PARAMETERS, 0, checked);
        } catch (SQLException e) {
            throw failure(checked.size() + " events", e);
        }
        return checked.size();
    }

    /**
     * Runs one statement of yours and writes {@code events} with it in the same round trip: the driver sends both
     * statements together and waits once (a multi-statement prepared statement, as the PostgreSQL JDBC driver
     * sends it). Your statement must change at least one row and return none ({@code INSERT}, {@code UPDATE} or
     * {@code DELETE} without {@code RETURNING}), hold its parameters as {@code ?}, and be one statement (no
     * {@code ;}). The events are built before it runs, so they cannot carry keys the database generates.
     *
     * <p>Any failure leaves the transaction to roll back: your statement's error arrives as the driver's
     * {@link SQLException} (its SQLState intact), the writer's refusals as {@link OutboxWriteException}.
     *
     * @param sql your statement
     * @param parameters binds your statement's parameters, numbered from 1 as usual
     * @return your statement's update count
     */
    public int executeWith(Connection connection, String sql, Parameters parameters, List<OutboxEvent> events)
            throws SQLException {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(events, "events");
        requireTransaction(connection);
        if (events.isEmpty()) {
            throw new OutboxWriteException("executeWith needs at least one event; run a statement without events "
                    + "on the connection yourself");
        }
        int placeholders = StatementText.placeholders(sql)
                .orElseThrow(() -> new OutboxWriteException("executeWith takes exactly one complete statement, "
                        + "without ';' and without an unterminated string, quoted identifier or comment"));
        return run(connection, sql + "\n;", parameters, placeholders, checked(events));
    }

    /** Binds the parameters of the caller's statement in {@link #executeWith}. */
    @FunctionalInterface
    public interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /**
     * Runs {@code before} (the caller's statement, or nothing) followed by this writer's statement for
     * {@code events}, whose parameters come after the first {@code offset}.
     *
     * @return the caller's update count, or the number of events
     */
    private int run(Connection connection, String before, Parameters parameters, int offset, List<OutboxEvent> events)
            throws SQLException {
        if (mode == WriteMode.MESSAGE) {
            requireSlot(connection);
        }
        long started = System.nanoTime();
        int size = events.size();
        boolean rows = size == 1 || (mode == WriteMode.TABLE && size <= VALUES_LIMIT);
        String sql = size == 1 ? writeOne : rows ? writeRows[size] : writeMany;
        int result;
        // Otherwise the events go as arrays, one per column (one array of envelopes for messages): one statement.
        List<Array> arrays = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(before + sql)) {
            parameters.bind(statement);
            if (rows) {
                int perEvent = mode == WriteMode.MESSAGE ? 1 : COLUMNS.length;
                for (int i = 0; i < size; i++) {
                    bindOne(statement, offset + i * perEvent, events.get(i));
                }
            } else {
                bindMany(connection, statement, offset, events, arrays);
            }
            if (before.isEmpty()) {
                // An INSERT, or a SELECT whose result (a position in the WAL, or the count) is not needed.
                if (mode == WriteMode.TABLE) {
                    statement.executeUpdate();
                } else {
                    statement.execute();
                }
                result = events.size();
            } else {
                result = callersUpdateCount(statement.execute(), statement);
                statement.getMoreResults(); // this writer's statement: nothing to read
            }
        } finally {
            for (Array array : arrays) {
                array.free();
            }
        }
        listener.written(events, mode, System.nanoTime() - started);
        return result;
    }

    private static int callersUpdateCount(boolean rows, PreparedStatement statement) throws SQLException {
        if (rows) {
            throw new OutboxWriteException("executeWith's statement returned rows: use one that returns none "
                    + "(no SELECT, no RETURNING), and roll this transaction back");
        }
        int count = statement.getUpdateCount();
        if (count < 1) {
            throw new OutboxWriteException("executeWith's statement changed no row, but its events were written "
                    + "with it and would describe a change that did not happen: roll this transaction back");
        }
        return count;
    }

    private void bindOne(PreparedStatement statement, int offset, OutboxEvent event) throws SQLException {
        if (mode == WriteMode.MESSAGE) {
            statement.setString(offset + 1, MessageEnvelope.of(event));
        } else {
            for (int c = 0; c < COLUMNS.length; c++) {
                statement.setString(offset + c + 1, COLUMNS[c].valueOf(event));
            }
        }
    }

    private void bindMany(
            Connection connection,
            PreparedStatement statement,
            int offset,
            List<OutboxEvent> events,
            List<Array> arrays)
            throws SQLException {
        int size = events.size();
        if (mode == WriteMode.MESSAGE) {
            String[] contents = new String[size];
            for (int i = 0; i < size; i++) {
                contents[i] = MessageEnvelope.of(events.get(i));
            }
            arrays.add(connection.createArrayOf("text", contents));
        } else {
            String[][] columns = new String[COLUMNS.length][size];
            for (int i = 0; i < size; i++) {
                for (int c = 0; c < COLUMNS.length; c++) {
                    columns[c][i] = COLUMNS[c].valueOf(events.get(i));
                }
            }
            for (String[] column : columns) {
                arrays.add(connection.createArrayOf("text", column));
            }
        }
        for (int a = 0; a < arrays.size(); a++) {
            statement.setArray(offset + a + 1, arrays.get(a));
        }
    }

    private static List<OutboxEvent> checked(List<OutboxEvent> events) {
        for (int i = 0; i < events.size(); i++) {
            Objects.requireNonNull(events.get(i), "events contains null at index " + i);
        }
        return events;
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
