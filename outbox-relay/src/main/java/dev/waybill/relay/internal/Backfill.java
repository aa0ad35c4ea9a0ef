package dev.waybill.relay.internal;

import dev.waybill.outbox.OutboxColumn;
import dev.waybill.relay.RelayConfig;
import dev.waybill.routing.CapturedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Publishes every row of the outbox table, in insert order ({@code seq}), when the relay finds its slot but no stored
 * position: a first start that died before storing one. Debezium's snapshot cannot be used there: it would stream
 * from where the new snapshot was taken, skipping the logical decoding messages committed since the slot was
 * created; the relay streams from the slot instead and publishes the table itself. Rows committed after the slot's
 * creation are published twice (here and from the slot), with the same {@code ce_id}; nothing is skipped.
 */
final class Backfill {

    private static final int BATCH = 1_000;

    private Backfill() {}

    /** @return how many rows were published; fewer than the table's when the relay's term ended meanwhile */
    static long run(DataSource database, RelayConfig config, OutboxConsumer consumer)
            throws SQLException, InterruptedException {
        long published = 0;
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false); // a cursor: rows are read BATCH at a time, not all at once
            connection.setReadOnly(true);
            try (PreparedStatement statement = connection.prepareStatement(
                    SELECT_COLUMNS + " FROM " + config.database().outbox().qualifiedName() + " ORDER BY seq")) {
                statement.setFetchSize(BATCH);
                try (ResultSet rs = statement.executeQuery()) {
                    List<CapturedEvent> batch = new ArrayList<>(BATCH);
                    while (rs.next()) {
                        batch.add(event(rs));
                        if (batch.size() == BATCH) {
                            if (!consumer.publish(batch)) {
                                return published; // the term ended: the next active relay backfills again
                            }
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

    /** Every column as text, in the format's order; {@code occurred_at} as ISO-8601, as the stream has it. */
    private static final String SELECT_COLUMNS = Arrays.stream(OutboxColumn.values())
            .map(column ->
                    column == OutboxColumn.OCCURRED_AT || column.sqlType().equals("text")
                            ? column.column()
                            : column.column() + "::text")
            .collect(Collectors.joining(", ", "SELECT ", ""));

    private static CapturedEvent event(ResultSet rs) throws SQLException {
        CapturedEvent.Builder event = CapturedEvent.builder();
        OutboxColumn[] columns = OutboxColumn.values();
        for (int c = 0; c < columns.length; c++) {
            event.column(
                    columns[c],
                    columns[c] == OutboxColumn.OCCURRED_AT
                            ? rs.getObject(c + 1, OffsetDateTime.class)
                                    .toInstant()
                                    .toString()
                            : rs.getString(c + 1));
        }
        return event.build();
    }
}
