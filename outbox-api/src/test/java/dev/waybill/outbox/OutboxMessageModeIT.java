package dev.waybill.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.WaybillTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link WriteMode#MESSAGE}: events go to the WAL as transactional logical decoding messages, not to the table. */
@WaybillTest
class OutboxMessageModeIT {

    private static final String SLOT = "waybill_message_mode_it";
    private final OutboxWriter writer = OutboxWriter.create().withMode(WriteMode.MESSAGE);

    @BeforeAll
    static void migrate(TestDatabase database) {
        WaybillMigrations.builder(database.dataSource()).build().migrate();
    }

    @BeforeEach
    void slot(TestDatabase database) throws SQLException {
        execute(database, "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'test_decoding')");
    }

    @AfterEach
    void dropSlot(TestDatabase database) throws SQLException {
        execute(database, "SELECT pg_drop_replication_slot('" + SLOT + "')");
    }

    private static OutboxEvent event(String aggregateId, int sequence) {
        return OutboxEvent.builder()
                .contract("orders.order-placed")
                .schemaVersion("1.0.0")
                .aggregate("order", aggregateId)
                .header("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
                .payload("{\"orderId\":\"" + aggregateId + "\",\"totalAmount\":" + sequence + "}")
                .build();
    }

    @Test
    void committedEventsAreDecodedInWriteOrderAndNoRowIsWritten(TestDatabase database) throws SQLException {
        List<OutboxEvent> events = List.of(event("ORD-1", 1), event("ORD-1", 2), event("ORD-2", 3));
        OutboxEvent single = event("ORD-1", 4);
        OutboxEvent rolledBack = event("ORD-9", 9);
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            assertThat(writer.writeAll(connection, events)).isEqualTo(3);
            writer.write(connection, single);
            connection.commit();
            writer.write(connection, rolledBack);
            connection.rollback();
        }

        List<String> messages = decodedMessages(database);

        List<OutboxEvent> expected = new ArrayList<>(events);
        expected.add(single);
        assertThat(messages).hasSize(4);
        for (int i = 0; i < expected.size(); i++) {
            OutboxEvent event = expected.get(i);
            assertThat(messages.get(i))
                    .startsWith("message: transactional: 1 prefix: waybill:waybill.outbox, sz: ")
                    .contains("content:{\"id\":\"" + event.id() + "\",\"contract\":\"orders.order-placed\","
                            + "\"schema_version\":\"1.0.0\",\"aggregate_type\":\"order\",\"aggregate_id\":\""
                            + event.aggregateId() + "\",\"event_type\":\"orders.order-placed\",\"headers\":"
                            + "{\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"},"
                            + "\"occurred_at\":\"" + event.occurredAt() + "\"}\n")
                    .endsWith("}\n" + event.payload());
        }
        assertThat(String.join("", messages)).doesNotContain(rolledBack.id().toString());
        assertThat(count(database, "SELECT count(*) FROM waybill.outbox")).isZero();
    }

    @Test
    void aRoleWithoutAnyTablePrivilegeCanWriteMessages(TestDatabase database) throws SQLException {
        execute(database, "DROP ROLE IF EXISTS waybill_message_writer");
        execute(database, "CREATE ROLE waybill_message_writer LOGIN PASSWORD 'writer'");
        try (Connection connection =
                java.sql.DriverManager.getConnection(database.jdbcUrl(), "waybill_message_writer", "writer")) {
            connection.setAutoCommit(false);
            writer.write(connection, event("ORD-3", 1));
            connection.commit();
        }

        assertThat(decodedMessages(database)).hasSize(1);
    }

    @Test
    void withoutAnyLogicalSlotMessagesAreRefusedNotSilentlyLost(TestDatabase database) throws SQLException {
        execute(database, "SELECT pg_drop_replication_slot('" + SLOT + "')");
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() ->
                            OutboxWriter.create().withMode(WriteMode.MESSAGE).write(connection, event("ORD-5", 1)))
                    .isInstanceOf(OutboxWriteException.class)
                    .hasMessageContaining("no logical replication slot yet, so the message would reach no relay");
            connection.rollback();
        } finally {
            execute(database, "SELECT pg_create_logical_replication_slot('" + SLOT + "', 'test_decoding')");
        }
    }

    @Test
    void autoCommitConnectionIsRefused(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect()) {
            assertThatThrownBy(() -> writer.write(connection, event("ORD-4", 1)))
                    .isInstanceOf(OutboxWriteException.class)
                    .hasMessageContaining("auto-commit");
        }

        assertThat(decodedMessages(database)).isEmpty();
    }

    private static List<String> decodedMessages(TestDatabase database) throws SQLException {
        List<String> messages = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT data FROM pg_logical_slot_get_changes('" + SLOT
                        + "', NULL, NULL) WHERE data LIKE 'message:%'")) {
            while (rs.next()) {
                messages.add(rs.getString(1));
            }
        }
        return messages;
    }

    private static long count(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
