package dev.waybill.testkit.internal;

import dev.waybill.testkit.TestkitException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;

/** Starts PostgreSQL from the binaries that Maven brought (no Docker, no system install). */
public final class EmbeddedPostgresLauncher {

    private EmbeddedPostgresLauncher() {}

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
