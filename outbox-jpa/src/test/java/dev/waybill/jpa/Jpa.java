package dev.waybill.jpa;

import dev.waybill.jpa.model.Parcel;
import dev.waybill.jpa.model.Shipment;
import dev.waybill.jpa.model.Warehouse;
import dev.waybill.testkit.TestDatabase;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.hibernate.SessionFactory;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/** Test helpers: a persistence unit on a test database, and reading the outbox back. */
final class Jpa {

    private Jpa() {}

    static SessionFactory factory(TestDatabase database, Map<String, Object> settings) {
        HibernatePersistenceConfiguration configuration = new HibernatePersistenceConfiguration("outbox-jpa-test")
                .managedClass(Shipment.class)
                .managedClass(Warehouse.class)
                .managedClass(Parcel.class)
                .property("hibernate.hbm2ddl.auto", "create-drop")
                .property("hibernate.jdbc.batch_size", "50")
                .property("hibernate.order_inserts", "true");
        if (!settings.containsKey("jakarta.persistence.nonJtaDataSource")) {
            configuration.jdbcUrl(database.jdbcUrl()).jdbcCredentials(database.username(), database.password());
        }
        settings.forEach(configuration::property);
        return configuration.createEntityManagerFactory();
    }

    static Path contracts() {
        try {
            return Path.of(Jpa.class.getResource("/contracts").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    record Row(
            String contract,
            String version,
            String aggregateType,
            String aggregateId,
            String eventType,
            String payload) {}

    static List<Row> outbox(TestDatabase database) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT contract, schema_version, aggregate_type, aggregate_id, "
                        + "event_type, payload::text FROM waybill.outbox ORDER BY id")) {
            while (rs.next()) {
                rows.add(new Row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6)));
            }
        }
        return rows;
    }

    static void truncate(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE waybill.outbox");
        }
    }

    static void inTransaction(SessionFactory factory, Consumer<org.hibernate.Session> work) {
        factory.inTransaction(work);
    }
}
