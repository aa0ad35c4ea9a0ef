package dev.waybill.testkit;

import dev.waybill.testkit.internal.PostgresEndpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** The shared server behind {@link TestPostgres}: hands out and drops per-test databases. */
final class PostgresServer implements TestPostgres, AutoCloseable {

    private static final int MAX_IDENTIFIER_LENGTH = 63;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final PostgresEndpoint endpoint;
    private final int majorVersion;
    // Distinguishes databases of this JVM from those of an earlier run against the same external server.
    private final String runId = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36), 36);

    PostgresServer(PostgresEndpoint endpoint) {
        this.endpoint = endpoint;
        try (Connection connection = connectAdmin();
                Statement statement = connection.createStatement()) {
            ResultSet rs = statement.executeQuery(
                    "SELECT current_setting('server_version_num')::int / 10000, current_setting('wal_level')");
            rs.next();
            this.majorVersion = rs.getInt(1);
            String walLevel = rs.getString(2);
            if (!"logical".equals(walLevel)) {
                throw new TestkitException("PostgreSQL at " + host() + ":" + port() + " runs with wal_level=" + walLevel
                        + "; Waybill needs wal_level=logical (set it in postgresql.conf and restart)");
            }
        } catch (SQLException e) {
            throw new TestkitException(
                    "Could not connect to PostgreSQL at " + host() + ":" + port() + " as " + username() + ": "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public String backend() {
        return endpoint.backend();
    }

    @Override
    public String host() {
        return endpoint.host();
    }

    @Override
    public int port() {
        return endpoint.port();
    }

    @Override
    public String username() {
        return endpoint.username();
    }

    @Override
    public String password() {
        return endpoint.password();
    }

    @Override
    public int majorVersion() {
        return majorVersion;
    }

    @Override
    public TestDatabase createDatabase(String nameHint) {
        String name = databaseName(nameHint);
        try (Connection connection = connectAdmin();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + quote(name));
        } catch (SQLException e) {
            throw new TestkitException("Could not create database " + name + ": " + e.getMessage(), e);
        }
        return new TestDatabase(this, name, () -> drop(name));
    }

    private String databaseName(String nameHint) {
        String suffix = "_" + runId + "_" + DATABASES.incrementAndGet();
        String base = "wb_" + nameHint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return base.substring(0, Math.min(base.length(), MAX_IDENTIFIER_LENGTH - suffix.length())) + suffix;
    }

    private void drop(String name) {
        try (Connection connection = connectAdmin()) {
            dropReplicationSlots(connection, name);
            try (Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + quote(name) + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            throw new TestkitException("Could not drop database " + name + ": " + e.getMessage(), e);
        }
    }

    // DROP DATABASE refuses while a slot exists in it; a slot in use must first lose its walsender.
    private static void dropReplicationSlots(Connection connection, String database) throws SQLException {
        try (PreparedStatement terminate =
                connection.prepareStatement("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
                        + "WHERE database = ? AND active_pid IS NOT NULL")) {
            terminate.setString(1, database);
            terminate.executeQuery().close();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        try (PreparedStatement drop = connection.prepareStatement(
                        "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                                + "WHERE database = ? AND active_pid IS NULL");
                PreparedStatement remaining =
                        connection.prepareStatement("SELECT count(*) FROM pg_replication_slots WHERE database = ?")) {
            drop.setString(1, database);
            remaining.setString(1, database);
            while (true) {
                drop.executeQuery().close();
                try (ResultSet rs = remaining.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new SQLException("replication slots of " + database + " are still in use after 10 s");
                }
                pause();
            }
        }
    }

    // A terminated walsender releases its slot a moment later.
    private static void pause() throws SQLException {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for replication slots to be released", e);
        }
    }

    Connection connectAdmin() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", username());
        properties.setProperty("password", password());
        return DriverManager.getConnection(jdbcUrl("postgres"), properties);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws Exception {
        endpoint.stopper().close();
    }

    @Override
    public String toString() {
        return "TestPostgres[" + backend() + " PostgreSQL " + majorVersion + " at " + host() + ":" + port() + "]";
    }
}
