package dev.waybill.relay.internal;

import dev.waybill.relay.RelayConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Publishes every row of the outbox table, in id (write) order, when the relay finds its slot but no stored
 * position: a first start that died before storing one. Debezium's snapshot cannot be used there: it would stream
 * from where the new snapshot was taken, skipping the logical decoding messages committed since the slot was
 * created; the relay streams from the slot instead and publishes the table itself. Rows committed after the slot's
 * creation are published twice (here and from the slot), with the same {@code ce_id}; nothing is skipped.
 */
final class Backfill {

    private static final int BATCH = 1_000;

    private Backfill() {}

    /** @return how many rows were published */
    static long run(DataSource database, RelayConfig config, OutboxConsumer consumer)
            throws SQLException, InterruptedException {
        long published = 0;
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false); // a cursor: rows are read BATCH at a time, not all at once
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement("SELECT id::text, contract, "
                    + "schema_version, aggregate_type, aggregate_id, event_type, payload::text, headers::text, "
                    + "occurred_at FROM " + config.database().outbox().qualifiedName() + " ORDER BY id")) {
                statement.setFetchSize(BATCH);
                try (ResultSet rs = statement.executeQuery()) {
                    List<OutboxRow> batch = new ArrayList<>(BATCH);
                    while (rs.next()) {
                        batch.add(new OutboxRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                                rs.getObject(9, OffsetDateTime.class).toInstant().toString(), 0, 0, 0));
                        if (batch.size() == BATCH) {
                            consumer.publish(batch);
                            published += batch.size();
                            batch.clear();
                        }
                    }
                    consumer.publish(batch);
                    published += batch.size();
                }
            }
            connection.commit();
        }
        return published;
    }
}
