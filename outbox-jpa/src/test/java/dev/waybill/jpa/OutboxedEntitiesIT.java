package dev.waybill.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waybill.jpa.Jpa.Row;
import dev.waybill.jpa.model.Parcel;
import dev.waybill.jpa.model.Shipment;
import dev.waybill.jpa.model.Warehouse;
import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.WaybillException;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.WaybillTest;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WaybillTest
class OutboxedEntitiesIT {

    private static SessionFactory factory;

    @BeforeAll
    static void start(TestDatabase database) {
        WaybillMigrations.builder(database.dataSource()).build().migrate();
        factory = Jpa.factory(database, Map.of());
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    @BeforeEach
    void emptyOutbox(TestDatabase database) throws SQLException {
        Jpa.truncate(database);
    }

    private Shipment persistShipment(String status, long weight) {
        Shipment shipment = new Shipment(status, weight);
        factory.inTransaction(session -> session.persist(shipment));
        return shipment;
    }

    @Test
    void insertWritesOneEventPerAnnotationWithTheMappedPayloads(TestDatabase database) throws SQLException {
        Shipment shipment = persistShipment("NEW", 1200);

        List<Row> rows = Jpa.outbox(database);
        assertThat(rows).hasSize(2);
        Row changed = rows.stream()
                .filter(r -> r.contract().equals("logistics.shipment-changed"))
                .findFirst()
                .get();
        assertThat(changed.version()).isEqualTo("1.0.0");
        assertThat(changed.aggregateType()).isEqualTo("Shipment");
        assertThat(changed.aggregateId()).isEqualTo("SHP-" + shipment.getId());
        assertThat(changed.eventType()).isEqualTo("logistics.shipment-changed.created");
        assertThat(changed.payload())
                .isEqualTo("{\"change\": \"insert\", \"status\": \"NEW\", \"shipmentId\": \"SHP-" + shipment.getId()
                        + "\", \"weightGrams\": 1200, \"changedFields\": [], \"previousStatus\": null}");
        Row created = rows.stream()
                .filter(r -> r.contract().equals("logistics.shipment-created"))
                .findFirst()
                .get();
        assertThat(created.version()).isEqualTo("2.1.0");
        assertThat(created.aggregateType()).isEqualTo("shipment");
        assertThat(created.aggregateId()).isEqualTo(shipment.getId().toString());
        assertThat(created.eventType()).isEqualTo("ShipmentCreated");
        assertThat(created.payload()).contains("\"createdAt\": \"2026-11-26T10:15:30.123Z\"");
    }

    @Test
    void updateWritesWhatChangedAndThePreviousValues(TestDatabase database) throws SQLException {
        Shipment shipment = persistShipment("NEW", 1200);
        Jpa.truncate(database);

        factory.inTransaction(
                session -> session.find(Shipment.class, shipment.getId()).setStatus("SHIPPED"));

        assertThat(Jpa.outbox(database)).singleElement().satisfies(row -> {
            assertThat(row.eventType()).isEqualTo("logistics.shipment-changed.updated");
            assertThat(row.payload())
                    .contains(
                            "\"status\": \"SHIPPED\"",
                            "\"change\": \"update\"",
                            "\"changedFields\": [\"status\"]",
                            "\"previousStatus\": \"NEW\"");
        });
    }

    @Test
    void mapperReturningNullWritesNoEvent(TestDatabase database) throws SQLException {
        Shipment shipment = persistShipment("NEW", 1200);
        Jpa.truncate(database);

        factory.inTransaction(
                session -> session.find(Shipment.class, shipment.getId()).setInternalNote("fragile"));

        assertThat(Jpa.outbox(database)).isEmpty();
    }

    @Test
    void deleteWritesAnEvent(TestDatabase database) throws SQLException {
        Shipment shipment = persistShipment("DELIVERED", 900);
        Jpa.truncate(database);

        factory.inTransaction(session -> session.remove(session.getReference(Shipment.class, shipment.getId())));

        assertThat(Jpa.outbox(database)).singleElement().satisfies(row -> {
            assertThat(row.eventType()).isEqualTo("logistics.shipment-changed.deleted");
            assertThat(row.payload()).contains("\"change\": \"delete\"", "\"status\": \"DELIVERED\"");
        });
    }

    @Test
    void unannotatedEntitiesWriteNothing(TestDatabase database) throws SQLException {
        factory.inTransaction(session -> session.persist(new Warehouse("W1", "Lyon")));
        factory.inTransaction(session -> session.find(Warehouse.class, "W1").setCity("Nantes"));
        factory.inTransaction(session -> session.remove(session.find(Warehouse.class, "W1")));

        assertThat(Jpa.outbox(database)).isEmpty();
    }

    @Test
    void eventsAreVisibleInTheTransactionAfterFlushAndGoneAfterRollback(TestDatabase database) throws SQLException {
        try (Session session = factory.openSession()) {
            Transaction transaction = session.beginTransaction();
            session.persist(new Shipment("NEW", 10));
            session.flush();
            Long inTransaction = session.createNativeQuery("SELECT count(*) FROM waybill.outbox", Long.class)
                    .getSingleResult();
            assertThat(inTransaction).isEqualTo(2);
            transaction.rollback();
        }
        assertThat(Jpa.outbox(database)).isEmpty();
    }

    @Test
    void exceptionAfterFlushRollsTheEventsBack(TestDatabase database) throws SQLException {
        assertThatThrownBy(() -> factory.inTransaction(session -> {
                    session.persist(new Shipment("NEW", 10));
                    session.flush();
                    throw new IllegalStateException("payment declined");
                }))
                .hasMessage("payment declined");

        assertThat(Jpa.outbox(database)).isEmpty();
    }

    @Test
    void queryInTheTransactionSeesEventsFlushedAutomatically(TestDatabase database) throws SQLException {
        factory.inTransaction(session -> {
            session.persist(new Shipment("NEW", 10));
            // A query on Shipment auto-flushes the insert first; the outbox rows come with it.
            session.createSelectionQuery("from Shipment", Shipment.class).getResultList();
            Long count = session.createNativeQuery("SELECT count(*) FROM waybill.outbox", Long.class)
                    .getSingleResult();
            assertThat(count).isEqualTo(2);
        });
        assertThat(Jpa.outbox(database)).hasSize(2);
    }

    @Test
    void failingMapperFailsTheTransactionNamingEntityAndMapper(TestDatabase database) throws SQLException {
        assertThatThrownBy(() -> factory.inTransaction(session -> {
                    session.persist(new Shipment("NEW", 10));
                    session.persist(new Parcel("P-1"));
                }))
                .hasStackTraceContaining("OutboxMappingException")
                .hasStackTraceContaining("mapper dev.waybill.jpa.model.Parcel$BrokenMapper for Parcel#P-1 (insert)")
                .hasStackTraceContaining("customer lookup failed");

        assertThat(Jpa.outbox(database)).isEmpty();
        try (Session session = factory.openSession()) {
            assertThat(session.find(Parcel.class, "P-1")).isNull();
        }
    }

    @Test
    void publishWritesAnEventThatIsNotAnEntityChange(TestDatabase database) throws SQLException {
        factory.inTransaction(session -> Outbox.publish(
                session,
                OutboxEvent.builder()
                        .contract("logistics.route-planned")
                        .schemaVersion("1.0.0")
                        .aggregate("route", "R-7")
                        .payload(Outbox.json(Map.of("routeId", "R-7", "stops", 3)))
                        .build()));

        assertThat(Jpa.outbox(database)).singleElement().satisfies(row -> {
            assertThat(row.contract()).isEqualTo("logistics.route-planned");
            assertThat(row.aggregateId()).isEqualTo("R-7");
            assertThat(row.payload()).contains("\"stops\": 3");
        });
    }

    @Test
    void publishedEventIsDiscardedOnRollback(TestDatabase database) throws SQLException {
        try (Session session = factory.openSession()) {
            Transaction transaction = session.beginTransaction();
            Outbox.publish(
                    session,
                    OutboxEvent.builder()
                            .contract("logistics.route-planned")
                            .schemaVersion("1.0.0")
                            .aggregate("route", "R-8")
                            .payload("{}")
                            .build());
            transaction.rollback();
        }
        assertThat(Jpa.outbox(database)).isEmpty();
    }

    @Test
    void publishOutsideATransactionIsRefused() {
        try (Session session = factory.openSession()) {
            assertThatThrownBy(() -> Outbox.publish(
                            session,
                            OutboxEvent.builder()
                                    .contract("c")
                                    .schemaVersion("1.0.0")
                                    .aggregate("a", "1")
                                    .payload("{}")
                                    .build()))
                    .isInstanceOf(WaybillException.class)
                    .hasMessageContaining("needs an active transaction");
        }
    }
}
