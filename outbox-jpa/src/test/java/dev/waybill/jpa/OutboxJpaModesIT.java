package dev.waybill.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waybill.jpa.Jpa.Row;
import dev.waybill.jpa.model.Shipment;
import dev.waybill.jpa.model.Warehouse;
import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.WaybillTest;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WaybillTest
class OutboxJpaModesIT {

    @BeforeAll
    static void migrate(TestDatabase database) {
        WaybillMigrations.builder(database.dataSource()).build().migrate();
    }

    @BeforeEach
    void emptyOutbox(TestDatabase database) throws SQLException {
        Jpa.truncate(database);
    }

    @Test
    void thousandBatchedInsertsWriteThousandEventsAndKeepJdbcBatching(TestDatabase database) throws SQLException {
        Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
        Map<String, Object> settings = new HashMap<>();
        settings.put("jakarta.persistence.nonJtaDataSource", counting(database.dataSource(), executions));
        try (SessionFactory factory = Jpa.factory(database, settings)) {
            executions.clear();
            factory.inTransaction(session -> {
                for (int i = 0; i < 1000; i++) {
                    session.persist(new Warehouse("W" + i, "city"));
                    session.persist(new Shipment("NEW", i));
                }
            });
        }

        List<Row> rows = Jpa.outbox(database);
        assertThat(rows).hasSize(2000);
        assertThat(rows)
                .filteredOn(row -> row.contract().equals("logistics.shipment-changed"))
                .hasSize(1000);
        // Entity inserts go in JDBC batches of 50; the outbox adds one statement for the whole flush.
        assertThat(executions
                        .getOrDefault("insert into shipment|executeBatch", new AtomicInteger())
                        .get())
                .isEqualTo(20);
        assertThat(executions
                        .getOrDefault("insert into warehouse|executeBatch", new AtomicInteger())
                        .get())
                .isEqualTo(20);
        assertThat(executions.keySet()).noneMatch(key -> key.startsWith("insert into shipment|executeUpdate"));
        assertThat(executions.get("insert into \"waybill\".\"outbox\"|executeUpdate"))
                .hasValue(1);
    }

    @Test
    void enforceRejectsABreakingPayloadAndRollsBack(TestDatabase database) throws SQLException {
        try (SessionFactory factory = Jpa.factory(database, enforcing())) {
            assertThatThrownBy(() -> factory.inTransaction(session -> session.persist(new Shipment("LOST", -5))))
                    .hasStackTraceContaining("OutboxContractException")
                    .hasStackTraceContaining("breaks contract logistics.shipment-changed 1.0.0")
                    .hasStackTraceContaining("/status enum")
                    .hasStackTraceContaining("/weightGrams minimum");
            try (var session = factory.openSession()) {
                assertThat(session.createSelectionQuery("from Shipment", Shipment.class)
                                .getResultList())
                        .isEmpty();
            }
        }
        assertThat(Jpa.outbox(database)).isEmpty();
    }

    /** What docs/jpa.md ("In tests") says a test sees: the exception itself at an explicit flush, wrapped at commit. */
    @Test
    void aViolationIsTheExceptionAtFlushAndARollbackExceptionAtCommit(TestDatabase database) {
        try (SessionFactory factory = Jpa.factory(database, enforcing())) {
            try (jakarta.persistence.EntityManager manager = factory.createEntityManager()) {
                manager.getTransaction().begin();
                manager.persist(new Shipment("LOST", -5));
                assertThatThrownBy(manager::flush).isInstanceOf(OutboxContractException.class);
                manager.getTransaction().rollback();
            }
            try (jakarta.persistence.EntityManager manager = factory.createEntityManager()) {
                manager.getTransaction().begin();
                manager.persist(new Shipment("LOST", -5));
                assertThatThrownBy(() -> manager.getTransaction().commit())
                        .isInstanceOf(jakarta.persistence.RollbackException.class)
                        .hasCauseInstanceOf(OutboxContractException.class);
            }
        }
    }

    @Test
    void enforceLetsAValidPayloadThroughAndRefusesUnknownContracts(TestDatabase database) throws SQLException {
        Map<String, Object> settings = new HashMap<>(enforcing());
        try (SessionFactory factory = Jpa.factory(database, settings)) {
            // Shipment's second annotation names a contract the directory does not have: enforce refuses it.
            assertThatThrownBy(() -> factory.inTransaction(session -> session.persist(new Shipment("NEW", 5))))
                    .hasStackTraceContaining("breaks contract logistics.shipment-created 2.1.0: unknown-contract");

            factory.inTransaction(session -> Outbox.publish(
                    session,
                    OutboxEvent.builder()
                            .contract("logistics.shipment-changed")
                            .schemaVersion("1.0.0")
                            .aggregate("shipment", "SHP-1")
                            .payload(
                                    "{\"shipmentId\":\"SHP-1\",\"status\":\"NEW\",\"weightGrams\":5,\"change\":\"insert\"}")
                            .build()));
        }
        assertThat(Jpa.outbox(database))
                .singleElement()
                .extracting(Row::aggregateId)
                .isEqualTo("SHP-1");
    }

    @Test
    void offLetsABreakingPayloadThrough(TestDatabase database) throws SQLException {
        try (SessionFactory factory = Jpa.factory(database, Map.of("waybill.outbox.validation", "off"))) {
            factory.inTransaction(session -> session.persist(new Shipment("LOST", -5)));
        }
        assertThat(Jpa.outbox(database)).hasSize(2);
    }

    @Test
    void disabledWritesNothing(TestDatabase database) throws SQLException {
        try (SessionFactory factory = Jpa.factory(database, Map.of("waybill.outbox.enabled", "false"))) {
            factory.inTransaction(session -> session.persist(new Shipment("NEW", 5)));
        }
        assertThat(Jpa.outbox(database)).isEmpty();
    }

    @Test
    void messageWriteModeSendsEventsThroughTheWalAndLeavesTheTableEmpty(TestDatabase database) throws SQLException {
        createSlot(database, "waybill_jpa_messages");
        try (SessionFactory factory = Jpa.factory(database, Map.of(OutboxSettings.WRITE_MODE, "message"))) {
            factory.inTransaction(session -> session.persist(new Shipment("NEW", 5)));
            assertThatThrownBy(() -> factory.inTransaction(session -> {
                        session.persist(new Shipment("NEW", 6));
                        session.flush();
                        throw new IllegalStateException("business rule failed after the flush");
                    }))
                    .hasMessageContaining("business rule failed");
        }

        List<String> messages = decodedMessages(database, "waybill_jpa_messages");
        assertThat(messages).hasSize(2).allMatch(message -> message.contains("prefix: waybill:waybill.outbox"));
        assertThat(messages).noneMatch(message -> message.contains("\"weightGrams\":6"));
        assertThat(Jpa.outbox(database)).isEmpty();
    }

    @Test
    void aFlushWithSeveralEventsEmitsThemWithOneStatementInTheOrderTheyHappened(TestDatabase database)
            throws SQLException {
        createSlot(database, "waybill_jpa_flush");
        Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
        Map<String, Object> settings = new HashMap<>();
        settings.put("jakarta.persistence.nonJtaDataSource", counting(database.dataSource(), executions));
        settings.put(OutboxSettings.WRITE_MODE, "message");
        try (SessionFactory factory = Jpa.factory(database, settings)) {
            executions.clear();
            factory.inTransaction(session -> {
                for (int weight = 1; weight <= 3; weight++) {
                    session.persist(new Shipment("NEW", weight));
                }
            });
        }

        List<String> messages = decodedMessages(database, "waybill_jpa_flush");
        // Each shipment has two @Outboxed contracts: six events, in the order of the inserts, then of the bindings.
        assertThat(messages)
                .extracting(message -> message.replaceAll("(?s).*\"contract\":\"([^\"]+)\".*", "$1"))
                .containsExactly(
                        "logistics.shipment-changed",
                        "logistics.shipment-created",
                        "logistics.shipment-changed",
                        "logistics.shipment-created",
                        "logistics.shipment-changed",
                        "logistics.shipment-created");
        assertThat(messages)
                .filteredOn(message -> message.contains("\"weightGrams\""))
                .extracting(message -> message.replaceAll("(?s).*\"weightGrams\":(\\d+).*", "$1"))
                .containsExactly("1", "2", "3");
        assertThat(executions.entrySet())
                .as("one statement for the whole flush")
                .filteredOn(entry -> entry.getKey().contains("pg_logical_emit_message"))
                .singleElement()
                .satisfies(entry -> assertThat(entry.getValue()).hasValue(1));
        assertThat(Jpa.outbox(database)).isEmpty();
    }

    @Test
    void plainHibernateBootstrapNeedsNoWiringEither(TestDatabase database) throws SQLException {
        Configuration configuration = new Configuration()
                .addAnnotatedClass(Shipment.class)
                .setProperty("hibernate.connection.url", database.jdbcUrl())
                .setProperty("hibernate.connection.username", database.username())
                .setProperty("hibernate.connection.password", database.password())
                .setProperty("hibernate.hbm2ddl.auto", "create-drop");
        try (SessionFactory factory = configuration.buildSessionFactory()) {
            factory.inTransaction(session -> session.persist(new Shipment("NEW", 5)));
        }
        assertThat(Jpa.outbox(database)).hasSize(2);
    }

    @Test
    void badSettingsStopStartUpNamingTheKey(TestDatabase database) {
        assertThatThrownBy(() -> Jpa.factory(database, Map.of("waybill.outbox.validation", "sometimes")))
                .hasStackTraceContaining("waybill.outbox.validation='sometimes' is not a validation mode: use off "
                        + "(the default) or enforce");
        assertThatThrownBy(() -> Jpa.factory(database, Map.of("waybill.outbox.validation", "enforce")))
                .hasStackTraceContaining("waybill.outbox.validation=enforce needs waybill.outbox.contracts");
        assertThatThrownBy(() -> Jpa.factory(database, Map.of("waybill.outbox.write-mode", "queue")))
                .hasStackTraceContaining("waybill.outbox.write-mode='queue' is not a write mode: use table (the "
                        + "default) or message");
        assertThatThrownBy(() -> Jpa.factory(database, Map.of("waybill.outbox.schema", "Bad Schema")))
                .hasStackTraceContaining("waybill.outbox.schema / waybill.outbox.table: outbox schema 'Bad Schema'");
    }

    private static void createSlot(TestDatabase database, String slot) throws SQLException {
        try (Connection connection = database.connect();
                var statement = connection.createStatement()) {
            statement.execute("SELECT pg_create_logical_replication_slot('" + slot + "', 'test_decoding')");
        }
    }

    /** The outbox messages the slot decodes (test_decoding's text), in commit order; then drops the slot. */
    private static List<String> decodedMessages(TestDatabase database, String slot) throws SQLException {
        List<String> messages = new java.util.ArrayList<>();
        try (Connection connection = database.connect();
                var statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT data FROM pg_logical_slot_get_changes('" + slot
                        + "', NULL, NULL) WHERE data LIKE 'message:%'")) {
            while (rs.next()) {
                messages.add(rs.getString(1));
            }
        } finally {
            try (Connection connection = database.connect();
                    var statement = connection.createStatement()) {
                statement.execute("SELECT pg_drop_replication_slot('" + slot + "')");
            }
        }
        return messages;
    }

    private static Map<String, Object> enforcing() {
        return Map.of(
                "waybill.outbox.validation",
                "enforce",
                "waybill.outbox.contracts",
                Jpa.contracts().toString());
    }

    /** Counts statement executions by the first words of their SQL. */
    private static DataSource counting(DataSource delegate, Map<String, AtomicInteger> executions) {
        return (DataSource) Proxy.newProxyInstance(
                OutboxJpaModesIT.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = method.invoke(delegate, args);
                    return result instanceof Connection connection
                            ? countingConnection(connection, executions)
                            : result;
                });
    }

    private static Connection countingConnection(Connection connection, Map<String, AtomicInteger> executions) {
        return (Connection) Proxy.newProxyInstance(
                OutboxJpaModesIT.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    Object result = method.invoke(connection, args);
                    if (result instanceof PreparedStatement statement
                            && args != null
                            && args[0] instanceof String sql) {
                        String[] words =
                                sql.trim().toLowerCase(java.util.Locale.ROOT).split("\\s+");
                        String key = String.join(" ", List.of(words).subList(0, Math.min(3, words.length)));
                        return Proxy.newProxyInstance(
                                OutboxJpaModesIT.class.getClassLoader(),
                                new Class<?>[] {PreparedStatement.class},
                                (p, m, a) -> {
                                    if (m.getName().startsWith("execute")) {
                                        executions
                                                .computeIfAbsent(key + "|" + m.getName(), k -> new AtomicInteger())
                                                .incrementAndGet();
                                    }
                                    return m.invoke(statement, a);
                                });
                    }
                    return result;
                });
    }
}
