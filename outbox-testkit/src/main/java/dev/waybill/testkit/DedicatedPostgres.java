package dev.waybill.testkit;

import dev.waybill.testkit.internal.EmbeddedPostgresLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL server of a test's own (embedded binaries, logical replication on) that the test may stop and start
 * again with its data and port, to check what happens when the database restarts. Close it when done.
 */
public final class DedicatedPostgres implements AutoCloseable {

    private final EmbeddedPostgresLauncher.Server server;
    private PostgresServer current;

    private DedicatedPostgres(EmbeddedPostgresLauncher.Server server) {
        this.server = server;
        this.current = new PostgresServer(server.endpoint());
    }

    public static DedicatedPostgres start() {
        Path dataDirectory;
        try {
            dataDirectory = Files.createTempDirectory("waybill-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DedicatedPostgres(EmbeddedPostgresLauncher.Server.start(dataDirectory));
    }

    /** The running server; its databases survive {@link #restart()}. */
    public TestPostgres postgres() {
        return current;
    }

    /** Stops the server (fast shutdown: sessions and replication connections are cut) and starts it again. */
    public void restart() {
        server.restart();
        current = new PostgresServer(server.endpoint());
    }

    @Override
    public void close() {
        server.close();
    }
}
