package dev.waybill.benchmarks;

import dev.waybill.benchmarks.WriteVariant.Shape;
import dev.waybill.example.orders.Customer;
import dev.waybill.example.orders.OrderLine;
import dev.waybill.example.orders.PurchaseOrder;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxTable;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.outbox.internal.MessageEnvelope;
import dev.waybill.testkit.TestDatabase;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/** The write benchmark's transactions, one {@link Workload} per {@link WriteVariant}. */
final class WriteWorkloads {

    private static final AtomicLong CUSTOMERS = new AtomicLong();
    private static final String INSERT_CUSTOMER = "INSERT INTO bench_customer (email, display_name, signup_source, "
            + "registered_at) VALUES (?, ?, ?, ?) RETURNING id";
    private static final String INSERT_CUSTOMER_ONLY = INSERT_CUSTOMER.replace(" RETURNING id", "");
    private static final String EMIT =
            "SELECT pg_logical_emit_message(true, '" + OutboxTable.DEFAULT.messagePrefix() + "', ?)";

    private WriteWorkloads() {}

    /** One configuration under test; {@link #once(int)} runs and commits one transaction as writer {@code w}. */
    interface Workload extends AutoCloseable {
        WriteVariant variant();

        void once(int writer) throws Exception;

        @Override
        void close() throws Exception;
    }

    static Workload of(TestDatabase database, WriteVariant variant, int writers) throws SQLException {
        return variant.api().equals("jdbc")
                ? new JdbcWorkload(database, variant, writers)
                : new JpaWorkload(database, variant, writers, "none");
    }

    /** Creates the example service's tables. */
    static void createJpaTables(TestDatabase database) {
        new JpaWorkload(database, WriteVariant.JPA.get(0), 1, "create").close();
    }

    private static OutboxEvent event(String customerId, String email, Instant now) {
        return OutboxEvent.builder()
                .contract("customers.customer-registered")
                .schemaVersion("1.0.0")
                .aggregate("customer", customerId)
                .payload("{\"customerId\":\"" + customerId + "\",\"email\":\"" + email
                        + "\",\"displayName\":\"Bench Customer\",\"registeredAt\":\"" + now + "\"}")
                .build();
    }

    private static final class JdbcWorkload implements Workload {
        private final WriteVariant variant;
        private final Connection[] connections;
        private final OutboxWriter outbox;
        private final String prebuilt;

        JdbcWorkload(TestDatabase database, WriteVariant variant, int writers) throws SQLException {
            this.variant = variant;
            this.connections = new Connection[writers];
            for (int w = 0; w < writers; w++) {
                connections[w] = database.connect();
                connections[w].setAutoCommit(false);
            }
            this.outbox = variant.mode() == null ? null : OutboxWriter.create().withMode(variant.mode());
            this.prebuilt = MessageEnvelope.of(event("CUS-000000", "c0@example.com", Instant.now()));
        }

        @Override
        public WriteVariant variant() {
            return variant;
        }

        @Override
        public void once(int writer) throws SQLException {
            Connection connection = connections[writer];
            Shape shape = variant.shape();
            boolean buildsEvents = shape == Shape.WRITE
                    || shape == Shape.WRITE_ALL
                    || shape == Shape.INSERT_DELETE
                    || shape == Shape.SELECT_ENVELOPE;
            List<OutboxEvent> events = new ArrayList<>(variant.perTx());
            for (int i = 0; i < variant.perTx(); i++) {
                long number = CUSTOMERS.incrementAndGet();
                String email = "c" + number + "@example.com";
                Instant now = Instant.now();
                if (shape == Shape.RIDING) {
                    ride(connection, number, email, now);
                    continue;
                }
                long id;
                try (PreparedStatement insert = connection.prepareStatement(INSERT_CUSTOMER)) {
                    bindCustomer(insert, email, now);
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
                if (buildsEvents) {
                    events.add(event(String.format("CUS-%06d", id), email, now));
                }
            }
            switch (shape) {
                case ALONE, RIDING -> {}
                case WRITE -> events.forEach(event -> outbox.write(connection, event));
                case WRITE_ALL -> outbox.writeAll(connection, events);
                case INSERT_DELETE -> {
                    for (OutboxEvent event : events) {
                        outbox.write(connection, event);
                        try (PreparedStatement delete =
                                connection.prepareStatement("DELETE FROM waybill.outbox WHERE id = ?::uuid")) {
                            delete.setString(1, event.id().toString());
                            delete.executeUpdate();
                        }
                    }
                }
                case SELECT_1 -> select(connection, "SELECT 1", null);
                case SELECT_ENVELOPE -> {
                    for (OutboxEvent event : events) {
                        select(connection, "SELECT octet_length(?)", MessageEnvelope.of(event));
                    }
                }
                case MESSAGE_PREBUILT -> select(connection, EMIT, prebuilt);
            }
            connection.commit();
        }

        /**
         * The insert and the event's message in one round trip ({@code OutboxWriter.executeWith}: one multi-statement
         * prepared statement). executeWith takes no RETURNING, and the event is built before the insert runs, so it
         * carries a key made here rather than the generated one.
         */
        private void ride(Connection connection, long number, String email, Instant now) throws SQLException {
            OutboxEvent event = event(String.format("CUS-%06d", number), email, now);
            outbox.executeWith(
                    connection, INSERT_CUSTOMER_ONLY, insert -> bindCustomer(insert, email, now), List.of(event));
        }

        private static void bindCustomer(PreparedStatement insert, String email, Instant now) throws SQLException {
            insert.setString(1, email);
            insert.setString(2, "Bench Customer");
            insert.setString(3, "bench");
            insert.setObject(4, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        }

        private static void select(Connection connection, String sql, String parameter) throws SQLException {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                if (parameter != null) {
                    select.setString(1, parameter);
                }
                try (ResultSet rs = select.executeQuery()) {
                    rs.next();
                }
            }
        }

        @Override
        public void close() throws SQLException {
            for (Connection connection : connections) {
                connection.close();
            }
        }
    }

    private static final class JpaWorkload implements Workload {
        private final WriteVariant variant;
        private final EntityManagerFactory factory;

        JpaWorkload(TestDatabase database, WriteVariant variant, int writers, String ddl) {
            this.variant = variant;
            this.factory = new HibernatePersistenceConfiguration("bench-" + variant.name())
                    .managedClasses(Customer.class, PurchaseOrder.class, OrderLine.class)
                    .jdbcUrl(database.jdbcUrl())
                    .jdbcCredentials(database.username(), database.password())
                    .jdbcPoolSize(writers + 1)
                    .property("hibernate.hbm2ddl.auto", ddl)
                    .property("waybill.outbox.enabled", Boolean.toString(variant.mode() != null))
                    .property(
                            "waybill.outbox.write-mode",
                            variant.mode() == null
                                    ? "table"
                                    : variant.mode().name().toLowerCase(Locale.ROOT))
                    .createEntityManagerFactory();
        }

        @Override
        public WriteVariant variant() {
            return variant;
        }

        @Override
        public void once(int writer) {
            // Several customers in one transaction: one flush with several events, which outbox-jpa writes with
            // one writeAll.
            factory.runInTransaction(entityManager -> {
                for (int i = 0; i < variant.perTx(); i++) {
                    String email = "c" + CUSTOMERS.incrementAndGet() + "@example.com";
                    entityManager.persist(new Customer(email, "Bench Customer", "bench", Instant.now()));
                }
                if (variant.shape() == Shape.SELECT_1) {
                    // The floor through JPA: one more statement in the transaction instead of the event.
                    entityManager.createNativeQuery("SELECT 1").getSingleResult();
                }
            });
        }

        @Override
        public void close() {
            factory.close();
        }
    }
}
