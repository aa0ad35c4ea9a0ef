package dev.waybill.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.WaybillTest;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WaybillTest
class OutboxWriterIT {

    private final OutboxWriter writer = OutboxWriter.create();

    @BeforeAll
    static void migrate(TestDatabase database) {
        WaybillMigrations.builder(database.dataSource()).build().migrate();
        WaybillMigrations.builder(database.dataSource())
                .schema("billing_events")
                .build()
                .migrate();
    }

    @BeforeEach
    void emptyOutbox(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE waybill.outbox, billing_events.outbox");
            statement.execute("DROP TABLE IF EXISTS public.orders");
            statement.execute("CREATE TABLE public.orders (id text PRIMARY KEY)");
        }
    }

    private static OutboxEvent event(String aggregateId) {
        return OutboxEvent.builder()
                .contract("orders.order-placed")
                .schemaVersion("1.0.0")
                .aggregate("order", aggregateId)
                .payload("{\"orderId\": \"" + aggregateId + "\", \"totalAmount\": 1250}")
                .build();
    }

    @Test
    void committedEventIsVisibleWithEveryColumnAsWritten(TestDatabase database) throws SQLException {
        OutboxEvent event = OutboxEvent.builder()
                .contract("orders.order-placed")
                .schemaVersion("1.1.0-rc.1")
                .aggregate("order", "ORD-000042")
                .eventType("OrderPlaced")
                .payload("{\"orderId\":\"ORD-000042\",\"note\":\"caf\\u00e9 \\\"quoted\\\"\",\"lines\":[1,2]}")
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .header("tenant", "acme \"east\"")
                .occurredAt(Instant.parse("2026-11-26T10:15:30.123456Z"))
                .build();

        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            writer.write(connection, event);
            connection.commit();
        }

        try (Connection connection = database.connect();
                PreparedStatement query = connection.prepareStatement("""
                        SELECT id, contract, schema_version, aggregate_type, aggregate_id, event_type,
                               payload = ?::jsonb, headers ->> 'traceparent', headers ->> 'tenant',
                               jsonb_typeof(headers), occurred_at
                        FROM waybill.outbox""")) {
            query.setString(1, event.payload());
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getObject(1, UUID.class)).isEqualTo(event.id());
                assertThat(rs.getString(2)).isEqualTo("orders.order-placed");
                assertThat(rs.getString(3)).isEqualTo("1.1.0-rc.1");
                assertThat(rs.getString(4)).isEqualTo("order");
                assertThat(rs.getString(5)).isEqualTo("ORD-000042");
                assertThat(rs.getString(6)).isEqualTo("OrderPlaced");
                assertThat(rs.getBoolean(7))
                        .as("payload round-trips as the same JSON value")
                        .isTrue();
                assertThat(rs.getString(8)).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
                assertThat(rs.getString(9)).isEqualTo("acme \"east\"");
                assertThat(rs.getString(10)).isEqualTo("object");
                assertThat(rs.getObject(11, java.time.OffsetDateTime.class).toInstant())
                        .isEqualTo(event.occurredAt());
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void migratedTableHasTheFormatsColumnsInOrderThenTheDatabaseAssignedOnes(TestDatabase database)
            throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT column_name, udt_name FROM information_schema.columns "
                        + "WHERE table_schema = 'waybill' AND table_name = 'outbox' ORDER BY ordinal_position")) {
            while (rs.next()) {
                columns.add(rs.getString(1) + " " + rs.getString(2));
            }
        }

        List<String> format = new ArrayList<>();
        for (OutboxColumn column : OutboxColumn.values()) {
            format.add(column.column() + " " + column.sqlType());
        }
        format.add("seq int8");
        assertThat(columns).containsExactlyElementsOf(format);
    }

    @Test
    void eventCommitsTogetherWithTheBusinessWrite(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            insertOrder(connection, "ORD-000001");
            writer.write(connection, event("ORD-000001"));
            connection.commit();
        }
        assertThat(count(database, "public.orders")).isEqualTo(1);
        assertThat(count(database, "waybill.outbox")).isEqualTo(1);
    }

    @Test
    void rolledBackTransactionLeavesNoOutboxRow(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            insertOrder(connection, "ORD-000001");
            writer.write(connection, event("ORD-000001"));
            writer.writeAll(connection, List.of(event("ORD-000002"), event("ORD-000003")));
            connection.rollback();
        }
        assertThat(count(database, "public.orders")).isZero();
        assertThat(count(database, "waybill.outbox")).isZero();
    }

    @Test
    void batchOfThousandEventsIsOneStatementAndLandsWholeInOrder(TestDatabase database) throws SQLException {
        List<OutboxEvent> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(event("ORD-" + (100000 + i % 17)).toBuilder()
                    .header("n", Integer.toString(i))
                    .build());
        }
        AtomicInteger executions = new AtomicInteger();

        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            int written = writer.writeAll(countingExecutions(connection, executions), events);
            connection.commit();
            assertThat(written).isEqualTo(1000);
        }

        assertThat(executions).as("statements sent to the server").hasValue(1);
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                // Physical order of a fresh table is insertion order, which is also the order in the WAL.
                ResultSet rs = statement.executeQuery("SELECT id, headers ->> 'n' FROM waybill.outbox ORDER BY ctid")) {
            List<UUID> ids = new ArrayList<>();
            List<String> ns = new ArrayList<>();
            while (rs.next()) {
                ids.add(rs.getObject(1, UUID.class));
                ns.add(rs.getString(2));
            }
            assertThat(ids)
                    .containsExactlyElementsOf(
                            events.stream().map(OutboxEvent::id).toList());
            assertThat(ns)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 1000)
                            .mapToObj(Integer::toString)
                            .toList());
        }
    }

    @Test
    void batchesOnEitherSideOfTheValuesLimitLandInListOrder(TestDatabase database) throws SQLException {
        // Up to 32 events go as VALUES rows, more as arrays: both keep the list's order.
        for (int size : new int[] {2, 32, 33}) {
            List<OutboxEvent> events = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                events.add(event("ORD-" + (200000 + i % 3)));
            }
            try (Connection connection = database.connect()) {
                connection.setAutoCommit(false);
                assertThat(writer.writeAll(connection, events)).isEqualTo(size);
                connection.commit();
            }
            List<UUID> ids = new ArrayList<>();
            try (Connection connection = database.connect();
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT id FROM waybill.outbox ORDER BY seq")) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
            assertThat(ids)
                    .as("%d events", size)
                    .containsExactlyElementsOf(
                            events.stream().map(OutboxEvent::id).toList());
            emptyOutbox(database);
        }
    }

    @Test
    void batchWithABadRowWritesNothingAndNamesTheTable(TestDatabase database) throws SQLException {
        OutboxEvent first = event("ORD-000001");
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> writer.writeAll(connection, List.of(first, event("ORD-000002"), first)))
                    .isInstanceOf(OutboxWriteException.class)
                    .hasMessageContaining("Could not write 3 events to the outbox waybill.outbox")
                    .hasMessageContaining("SQLState 23505")
                    .hasCauseInstanceOf(SQLException.class);
            connection.rollback();
        }
        assertThat(count(database, "waybill.outbox")).isZero();
    }

    @Test
    void emptyBatchWritesNothing(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            assertThat(writer.writeAll(connection, List.of())).isZero();
            connection.commit();
        }
        assertThat(count(database, "waybill.outbox")).isZero();
    }

    @Test
    void autoCommitConnectionIsRefusedAndNothingIsWritten(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect()) {
            assertThat(connection.getAutoCommit()).isTrue();
            assertThatThrownBy(() -> writer.write(connection, event("ORD-000001")))
                    .isInstanceOf(OutboxWriteException.class)
                    .hasMessageContaining("auto-commit mode")
                    .hasMessageContaining("setAutoCommit(false)");
            assertThatThrownBy(() -> writer.writeAll(connection, List.of(event("ORD-000001"))))
                    .isInstanceOf(OutboxWriteException.class)
                    .hasMessageContaining("auto-commit mode");
        }
        assertThat(count(database, "waybill.outbox")).isZero();
    }

    @Test
    void writerForAnotherSchemaWritesThere(TestDatabase database) throws SQLException {
        OutboxWriter billing = OutboxWriter.forTable(new OutboxTable("billing_events", "outbox"));
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            billing.write(connection, event("ORD-000001"));
            billing.writeAll(connection, List.of(event("ORD-000002")));
            connection.commit();
        }
        assertThat(count(database, "billing_events.outbox")).isEqualTo(2);
        assertThat(count(database, "waybill.outbox")).isZero();
    }

    @Test
    void missingTableFailsWithTheTableNamed(TestDatabase database) throws SQLException {
        OutboxWriter missing = OutboxWriter.forTable(new OutboxTable("nowhere", "outbox"));
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> missing.write(connection, event("ORD-000001")))
                    .isInstanceOf(OutboxWriteException.class)
                    .hasMessageContaining("to the outbox nowhere.outbox")
                    .hasMessageContaining("SQLState 42P01");
        }
    }

    @Test
    void eightConcurrentWritersLoseNothing(TestDatabase database) throws Exception {
        int threads = 8;
        int transactionsPerThread = 50;
        int eventsPerTransaction = 10;
        Set<UUID> written = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    try (Connection connection = database.connect()) {
                        connection.setAutoCommit(false);
                        for (int tx = 0; tx < transactionsPerThread; tx++) {
                            List<OutboxEvent> events = new ArrayList<>();
                            for (int e = 0; e < eventsPerTransaction; e++) {
                                events.add(event("ORD-" + thread + "-" + tx + "-" + e));
                            }
                            if (tx % 2 == 0) {
                                writer.writeAll(connection, events);
                            } else {
                                events.forEach(event -> writer.write(connection, event));
                            }
                            connection.commit();
                            events.forEach(event -> written.add(event.id()));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }

        Set<UUID> stored = new java.util.HashSet<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id FROM waybill.outbox")) {
            while (rs.next()) {
                stored.add(rs.getObject(1, UUID.class));
            }
        }
        assertThat(written).hasSize(threads * transactionsPerThread * eventsPerTransaction);
        assertThat(stored).isEqualTo(written);
    }

    @Test
    void idsAreUniqueAndSortInWriteOrderInPostgres(TestDatabase database) throws SQLException {
        List<UUID> inWriteOrder = new ArrayList<>();
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            for (int i = 0; i < 500; i++) {
                OutboxEvent event = event("ORD-" + i);
                writer.write(connection, event);
                inWriteOrder.add(event.id());
            }
            connection.commit();
        }
        List<UUID> byId = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT id FROM waybill.outbox ORDER BY id")) {
            while (rs.next()) {
                byId.add(rs.getObject(1, UUID.class));
            }
        }
        assertThat(byId).doesNotHaveDuplicates().containsExactlyElementsOf(inWriteOrder);
    }

    private static void insertOrder(Connection connection, String id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO public.orders VALUES (?)")) {
            statement.setString(1, id);
            statement.executeUpdate();
        }
    }

    private static int count(TestDatabase database, String table) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Counts statement executions: each execute* on a PreparedStatement is one round trip to the server. */
    private static Connection countingExecutions(Connection connection, AtomicInteger executions) {
        InvocationHandler connectionHandler = (proxy, method, args) -> {
            Object result = method.invoke(connection, args);
            if (result instanceof PreparedStatement statement) {
                return Proxy.newProxyInstance(
                        OutboxWriterIT.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, (p, m, a) -> {
                            if (m.getName().startsWith("execute")) {
                                executions.incrementAndGet();
                            }
                            return m.invoke(statement, a);
                        });
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(
                OutboxWriterIT.class.getClassLoader(), new Class<?>[] {Connection.class}, connectionHandler);
    }
}
