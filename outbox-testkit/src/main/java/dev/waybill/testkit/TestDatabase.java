package dev.waybill.testkit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One database on a {@link TestPostgres}, owned by a single test class. Closing it drops the database together
 * with any replication slot left in it.
 */
public final class TestDatabase implements AutoCloseable {

    private final TestPostgres server;
    private final String name;
    private final Runnable dropper;

    TestDatabase(TestPostgres server, String name, Runnable dropper) {
        this.server = Objects.requireNonNull(server, "server");
        this.name = Objects.requireNonNull(name, "name");
        this.dropper = Objects.requireNonNull(dropper, "dropper");
    }

    public TestPostgres server() {
        return server;
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    public String username() {
        return server.username();
    }

    public String password() {
        return server.password();
    }

    /** A new connection as the server's privileged test user; the caller closes it. */
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", username());
        properties.setProperty("password", password());
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /** A non-pooling data source for this database. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl());
        dataSource.setUser(username());
        dataSource.setPassword(password());
        return dataSource;
    }

    /**
     * Jakarta Persistence / Hibernate properties that connect to this database and turn outbox-jpa's contract
     * validation on ({@code waybill.outbox.validation=enforce}), so a test fails as soon as a mapper produces a
     * payload that breaks its contract. Add your own settings to the returned (mutable) map.
     *
     * @param contracts the contract directory to validate against
     */
    public Map<String, Object> jpaProperties(Path contracts) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("jakarta.persistence.jdbc.url", jdbcUrl());
        properties.put("jakarta.persistence.jdbc.user", username());
        properties.put("jakarta.persistence.jdbc.password", password());
        properties.put("waybill.outbox.validation", "enforce");
        properties.put("waybill.outbox.contracts", contracts.toAbsolutePath().toString());
        return properties;
    }

    /** Drops the database, terminating its sessions and dropping its replication slots first. */
    @Override
    public void close() {
        dropper.run();
    }

    @Override
    public String toString() {
        return "TestDatabase[" + jdbcUrl() + "]";
    }
}
