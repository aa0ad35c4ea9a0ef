package dev.waybill.testkit.internal;

import dev.waybill.testkit.TestkitException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** Starts PostgreSQL from the binaries that Maven brought (no Docker, no system install). */
public final class EmbeddedPostgresLauncher {

    private EmbeddedPostgresLauncher() {}

    /** A server with a data directory and port of its own, which can be stopped and started again. */
    public static final class Server implements AutoCloseable {
        private final Path dataDirectory;
        private int port;
        private EmbeddedPostgres postgres;

        private Server(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
        }

        public static Server start(Path dataDirectory) {
            Server server = new Server(dataDirectory);
            server.launch(false);
            return server;
        }

        private void launch(boolean again) {
            try {
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(false);
                if (again) {
                    builder.setPort(port);
                }
                PostgresServerSettings.all().forEach(builder::setServerConfig);
                postgres = builder.start();
                port = postgres.getPort();
            } catch (IOException e) {
                throw new TestkitException(
                        "Could not start embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
            }
        }

        public PostgresEndpoint endpoint() {
            return new PostgresEndpoint("embedded", "localhost", port, "postgres", "", () -> {});
        }

        public void restart() {
            // A connected walsender holds a fast shutdown until its client confirms all WAL, longer than the
            // embedded server's stop timeout; cut every session first, as an operator's restart would.
            try (java.sql.Connection connection = postgres.getPostgresDatabase().getConnection();
                    java.sql.Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        + "WHERE pid <> pg_backend_pid() AND backend_type IN ('client backend', 'walsender')");
            } catch (java.sql.SQLException e) {
                throw new TestkitException("Could not disconnect sessions before the restart: " + e.getMessage(), e);
            }
            try {
                postgres.close();
            } catch (IOException e) {
                throw new TestkitException("Could not stop embedded PostgreSQL: " + e.getMessage(), e);
            }
            launch(true);
        }

        @Override
        public void close() {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new TestkitException("Could not stop embedded PostgreSQL: " + e.getMessage(), e);
            } finally {
                EmbeddedKafkaLauncher.deleteRecursively(dataDirectory);
            }
        }
    }

    public static PostgresEndpoint start() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60));
            PostgresServerSettings.all().forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = builder.start();
            return new PostgresEndpoint("embedded", "localhost", postgres.getPort(), "postgres", "", postgres);
        } catch (IOException | RuntimeException e) {
            throw new TestkitException(
                    "Could not start embedded PostgreSQL: " + e.getMessage()
                            + ". Check that the temp directory is writable and has space, or set "
                            + TestkitSettings.POSTGRES_URL + " to use an existing server.",
                    e);
        }
    }
}
