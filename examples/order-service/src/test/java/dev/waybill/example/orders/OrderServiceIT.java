package dev.waybill.example.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.ContractDirectory;
import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.WaybillTest;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@WaybillTest
class OrderServiceIT {

    static final Path CONTRACTS = Path.of("../contracts");
    private static EntityManagerFactory factory;
    private static OrderService shop;

    @BeforeAll
    static void start(TestDatabase database) {
        WaybillMigrations.builder(database.dataSource()).build().migrate();
        HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration("shop")
                .managedClasses(Customer.class, PurchaseOrder.class, OrderLine.class)
                .property("hibernate.hbm2ddl.auto", "create-drop");
        // The testkit's properties connect to the test database and enforce the contracts on every flush.
        database.jpaProperties(CONTRACTS).forEach(configuration::property);
        factory = configuration.createEntityManagerFactory();
        shop = new OrderService(factory, Clock.fixed(Instant.parse("2026-11-26T10:15:30Z"), ZoneOffset.UTC));
    }

    @BeforeEach
    void emptyOutbox(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE waybill.outbox");
        }
    }

    @AfterAll
    static void stop() {
        factory.close();
    }

    @Test
    void registeringACustomerAndPlacingAnOrderWriteContractValidEvents(TestDatabase database) throws SQLException {
        Customer customer = shop.registerCustomer("jane@example.com", "Jane");
        PurchaseOrder order = shop.placeOrder(
                customer.getId(),
                "web",
                List.of(new OrderService.Item("SKU-1", 2, 1250), new OrderService.Item("SKU-2", 1, 499)));

        List<String[]> events = outbox(database);
        ContractCatalog catalog = ContractDirectory.at(CONTRACTS).load();
        assertThat(events)
                .extracting(row -> row[0] + " " + row[1] + " " + row[2])
                .containsExactly(
                        "customers.customer-registered 1.0.0 " + String.format("CUS-%06d", customer.getId()),
                        "orders.order-placed 1.1.0 " + String.format("ORD-%06d", order.getId()));
        assertThat(events.get(1)[3])
                .contains(
                        "\"totalAmount\": 2999",
                        "\"customerEmail\": \"jane@example.com\"",
                        "\"salesChannel\": \"web\"",
                        "\"occurredAt\": \"2026-11-26T10:15:30Z\"");
        for (String[] event : events) {
            assertThat(catalog.validate(event[0], event[1], event[3]).valid())
                    .as(event[3])
                    .isTrue();
        }
    }

    @Test
    void anOrderThatWouldBreakItsContractIsNotPlaced(TestDatabase database) throws SQLException {
        Customer customer = shop.registerCustomer("sam@example.com", "Sam");
        int before = outbox(database).size();

        // A refund line makes the total negative; the contract says totalAmount >= 0.
        assertThatThrownBy(() ->
                        shop.placeOrder(customer.getId(), "store", List.of(new OrderService.Item("REFUND", 1, -500))))
                .hasStackTraceContaining("breaks contract orders.order-placed 1.1.0")
                .hasStackTraceContaining("/totalAmount minimum");

        assertThat(outbox(database)).hasSize(before);
    }

    @Test
    void anOrderFromAnUnknownChannelIsNotPlaced(TestDatabase database) {
        Customer customer = shop.registerCustomer("ana@example.com", null);
        assertThatThrownBy(
                        () -> shop.placeOrder(customer.getId(), "fax", List.of(new OrderService.Item("SKU-1", 1, 100))))
                .hasStackTraceContaining("/salesChannel enum");
    }

    private static List<String[]> outbox(TestDatabase database) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT contract, schema_version, aggregate_id, payload::text FROM waybill.outbox ORDER BY id")) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
            }
        }
        return rows;
    }
}
