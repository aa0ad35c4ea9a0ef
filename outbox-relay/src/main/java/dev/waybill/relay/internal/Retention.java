package dev.waybill.relay.internal;

import dev.waybill.relay.RelayConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Removes outbox rows older than {@code retention.keep}, in batches, so the table does not grow. Rows are found by
 * their UUIDv7 id, which starts with its write time: the primary key serves the range, no second index is needed.
 * Capture does not depend on the rows (the WAL has them), so deleting a row never loses its event; keeping them a
 * while is what makes recovery from a lost slot possible.
 */
public final class Retention {

    private final DataSource database;
    private final RelayConfig.Retention config;
    private final String table;

    public Retention(DataSource database, RelayConfig config) {
        this.database = database;
        this.config = config.retention();
        this.table = config.database().outbox().qualifiedName();
    }

    /** Deletes expired rows, a batch at a time, until none is left; returns how many. */
    public long run(Instant now) throws SQLException {
        UUID boundary = lowestUuidV7At(now.minus(config.keep()));
        long deleted = 0;
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement("DELETE FROM " + table
                        + " WHERE id IN (SELECT id FROM " + table + " WHERE id < ?::uuid ORDER BY id LIMIT ?)")) {
            statement.setString(1, boundary.toString());
            statement.setInt(2, config.batchSize());
            int batch;
            do {
                batch = statement.executeUpdate();
                deleted += batch;
            } while (batch == config.batchSize());
        }
        return deleted;
    }

    /** The smallest version 7 UUID of the given millisecond. */
    static UUID lowestUuidV7At(Instant instant) {
        return new UUID((instant.toEpochMilli() << 16) | 0x7000L, 0x8000_0000_0000_0000L);
    }
}
