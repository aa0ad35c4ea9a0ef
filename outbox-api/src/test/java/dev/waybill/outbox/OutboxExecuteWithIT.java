package dev.waybill.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.WaybillTest;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link OutboxWriter#executeWith}: the caller's statement and the events in one multi-statement round trip. */
@WaybillTest
class OutboxExecuteWithIT {

    private static final String SLOT = "waybill_execute_with_it";
    private static final String INSERT =
            "INSERT INTO ride_order (id, status, note) VALUES (?, ?, 'why? -- not ; a comment')";
    private final OutboxWriter messages = OutboxWriter.create().withMode(WriteMode.MESSAGE);
    private final OutboxWriter rows = OutboxWriter.create();

    @BeforeAll
    static void migrate(TestDatabase database) throws SQLException {
        WaybillMigrations.builder(database.dataSource()).build().migrate();
        execute(database, "CREATE TABLE ride_order (id text PRIMARY KEY, status text NOT NULL, note text)");
    }

    @BeforeEach
    void slot(TestDatabase database) throws SQLException {
        execute(database, "TRUNCATE ride_order, waybill.outbox");
        execute(database, "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'test_decoding')");
    }

    @AfterEach
    void dropSlot(TestDatabase database) throws SQLException {
        execute(database, "SELECT pg_drop_replication_slot('" + SLOT + "')");
    }

    private static OutboxEvent event(String orderId, String status) {
        return OutboxEvent.builder()
                .contract("orders.order-placed")
                .schemaVersion("1.0.0")
                .aggregate("order", orderId)
                .payload("{\"orderId\":\"" + orderId + "\",\"status\":\"" + status + "\"}")
                .build();
    }

    @Test
    void theStatementAndItsEventsRunAsOneExecutionAndCommitTogetherInOrder(TestDatabase database) throws SQLException {
        AtomicInteger executions = new AtomicInteger();
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            Connection counted = countingExecutions(connection, executions);
            int inserted = messages.executeWith(
                    counted,
                    INSERT,
                    insert -> {
                        insert.setString(1, "ORD-1");
                        insert.setString(2, "PLACED");
                    },
                    List.of(event("ORD-1", "PLACED")));
            int updated = messages.executeWith(
                    counted,
                    "UPDATE ride_order SET status = ? WHERE id = ?",
                    update -> {
                        update.setString(1, "PAID");
                        update.setString(2, "ORD-1");
                    },
                    List.of(event("ORD-1", "PAID"), event("ORD-1", "PAID-AGAIN")));
            connection.commit();
            assertThat(inserted).isEqualTo(1);
            assertThat(updated).isEqualTo(1);
        }

        assertThat(executions).as("statements sent to the server").hasValue(2);
        assertThat(single(database, "SELECT status || '/' || note FROM ride_order"))
                .isEqualTo("PAID/why? -- not ; a comment");
        assertThat(decodedMessages(database))
                .extracting(message -> message.replaceAll("(?s).*\"status\":\"([A-Z-]+)\".*", "$1"))
                .containsExactly("PLACED", "PAID", "PAID-AGAIN");
    }

    @Test
    void inTableModeTheRowsAreWrittenWithTheStatement(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            rows.executeWith(connection, INSERT, placed("ORD-2"), List.of(event("ORD-2", "PLACED")));
            rows.executeWith(
                    connection,
                    "DELETE FROM ride_order WHERE id = ?",
                    delete -> delete.setString(1, "ORD-2"),
                    List.of(event("ORD-2", "CANCELLED"), event("ORD-2", "FORGOTTEN")));
            connection.commit();
        }

        assertThat(single(database, "SELECT string_agg(payload ->> 'status', ',' ORDER BY seq) FROM waybill.outbox"))
                .isEqualTo("PLACED,CANCELLED,FORGOTTEN");
        assertThat(single(database, "SELECT count(*) FROM ride_order")).isEqualTo("0");
    }

    @Test
    void theStatementsOwnErrorArrivesUnwrappedAndNothingIsWritten(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            messages.executeWith(connection, INSERT, placed("ORD-3"), List.of(event("ORD-3", "PLACED")));
            connection.commit();
            assertThatThrownBy(() -> messages.executeWith(
                            connection, INSERT, placed("ORD-3"), List.of(event("ORD-3", "DUPLICATE"))))
                    .isInstanceOf(SQLException.class)
                    .isNotInstanceOf(OutboxWriteException.class)
                    .extracting(e -> ((SQLException) e).getSQLState())
                    .isEqualTo("23505");
            connection.rollback();
        }

        assertThat(decodedMessages(database)).hasSize(1).noneMatch(message -> message.contains("DUPLICATE"));
    }

    @Test
    void aStatementThatChangesNoRowOrReturnsRowsIsRefusedForRollback(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> messages.executeWith(
                            connection,
                            "UPDATE ride_order SET status = 'PAID' WHERE id = ?",
                            update -> update.setString(1, "ORD-404"),
                            List.of(event("ORD-404", "PAID"))))
                    .isInstanceOf(OutboxWriteException.class)
                    .hasMessageContaining("changed no row")
                    .hasMessageContaining("roll this transaction back");
            connection.rollback();
            assertThatThrownBy(() -> messages.executeWith(
                            connection, INSERT + " RETURNING id", placed("ORD-4"), List.of(event("ORD-4", "PLACED"))))
                    .isInstanceOf(OutboxWriteException.class)
                    .hasMessageContaining("returned rows");
            connection.rollback();
        }

        assertThat(decodedMessages(database)).isEmpty();
        assertThat(single(database, "SELECT count(*) FROM ride_order")).isEqualTo("0");
    }

    @Test
    void moreThanOneStatementNoEventsAndAutoCommitAreRefusedBeforeAnythingRuns(TestDatabase database)
            throws SQLException {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> messages.executeWith(
                            connection,
                            "DELETE FROM ride_order; DELETE FROM waybill.outbox",
                            statement -> {},
                            List.of(event("ORD-5", "GONE"))))
                    .isInstanceOf(OutboxWriteException.class)
                    .hasMessageContaining("exactly one complete statement");
            assertThatThrownBy(() -> messages.executeWith(connection, INSERT, placed("ORD-5"), List.of()))
                    .isInstanceOf(OutboxWriteException.class)
                    .hasMessageContaining("at least one event");
            connection.setAutoCommit(true);
            assertThatThrownBy(() -> messages.executeWith(
                            connection, INSERT, placed("ORD-5"), List.of(event("ORD-5", "PLACED"))))
                    .isInstanceOf(OutboxWriteException.class)
                    .hasMessageContaining("auto-commit");
        }

        assertThat(decodedMessages(database)).isEmpty();
        assertThat(single(database, "SELECT count(*) FROM ride_order")).isEqualTo("0");
    }

    private static OutboxWriter.Parameters placed(String orderId) {
        return insert -> {
            insert.setString(1, orderId);
            insert.setString(2, "PLACED");
        };
    }

    private static List<String> decodedMessages(TestDatabase database) throws SQLException {
        List<String> decoded = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT data FROM pg_logical_slot_get_changes('" + SLOT
                        + "', NULL, NULL) WHERE data LIKE 'message:%'")) {
            while (rs.next()) {
                decoded.add(rs.getString(1));
            }
        }
        return decoded;
    }

    private static String single(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection countingExecutions(Connection connection, AtomicInteger executions) {
        return (Connection) Proxy.newProxyInstance(
                OutboxExecuteWithIT.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = method.invoke(connection, args);
                    if (result instanceof PreparedStatement statement) {
                        return Proxy.newProxyInstance(
                                OutboxExecuteWithIT.class.getClassLoader(),
                                new Class<?>[] {PreparedStatement.class},
                                (p, m, a) -> {
                                    if (m.getName().startsWith("execute")) {
                                        executions.incrementAndGet();
                                    }
                                    return m.invoke(statement, a);
                                });
                    }
                    return result;
                });
    }
}
