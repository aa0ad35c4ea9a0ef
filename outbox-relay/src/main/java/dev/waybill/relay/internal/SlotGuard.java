package dev.waybill.relay.internal;

import dev.waybill.relay.ConfigurationException;
import dev.waybill.relay.RelayConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Checks, before streaming, that the database is ready and that the replication slot still holds what the relay has
 * not published. A lost slot is never silently recreated: a new slot starts at the current WAL position, and every
 * event committed in between would be skipped.
 */
final class SlotGuard {

    private SlotGuard() {}

    /** What the relay finds before it streams. */
    enum SlotState {
        /** No slot yet: the first start; Debezium creates the slot (and takes the initial snapshot). */
        NEW,
        /** The slot and the relay's stored position: streaming resumes where it stopped. */
        RESUMING,
        /**
         * The slot, but no stored position: a first start that died before storing one (or a slot made by hand).
         * Only the table store can tell this from {@link #RESUMING}.
         */
        WITHOUT_POSITION
    }

    static SlotState check(Connection connection, RelayConfig config) throws SQLException {
        RelayConfig.Database database = config.database();
        requireTable(connection, database);
        requirePublication(connection, database);
        String offsets = '"' + database.outbox().schema() + "\".\"relay_offsets\"";
        // With offsets in Kafka, a lost slot is caught by wal_status only; the table store also knows a first start.
        boolean hasOffsets = config.capture().offsetStore() == RelayConfig.OffsetStore.POSTGRES
                && PostgresOffsetStore.hasOffsets(
                        connection, offsets, config.relay().name());
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT plugin, wal_status, database FROM pg_replication_slots WHERE slot_name = ?")) {
            statement.setString(1, database.slot());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    if (hasOffsets) {
                        throw new ConfigurationException("Replication slot '" + database.slot() + "' is gone, but "
                                + "relay '" + config.relay().name() + "' has published events from it before. "
                                + "Creating a new slot would skip every event committed since the last one "
                                + "published, so the relay refuses to start. Recover as docs/relay.md#slot-loss "
                                + "describes: delete the relay's row in relay_offsets and start it with "
                                + "capture.snapshot: initial, which re-publishes the rows retention kept.");
                    }
                    return SlotState.NEW;
                }
                String plugin = rs.getString(1);
                String walStatus = rs.getString(2);
                String slotDatabase = rs.getString(3);
                if (!"pgoutput".equals(plugin)) {
                    throw new ConfigurationException("Replication slot '" + database.slot() + "' uses plugin '"
                            + plugin + "', not pgoutput; it belongs to something else: set database.slot to "
                            + "another name");
                }
                if (!connection.getCatalog().equals(slotDatabase)) {
                    throw new ConfigurationException("Replication slot '" + database.slot() + "' belongs to database '"
                            + slotDatabase + "', not '" + connection.getCatalog() + "': set database.slot to "
                            + "another name");
                }
                if ("lost".equals(walStatus)) {
                    throw new ConfigurationException("Replication slot '" + database.slot() + "' was invalidated by "
                            + "PostgreSQL (wal_status = lost, usually max_slot_wal_keep_size): the WAL it needed is "
                            + "gone and events may be missing. Recover as docs/relay.md#slot-loss describes: drop the "
                            + "slot, delete the relay's row in relay_offsets and start it with capture.snapshot: "
                            + "initial, which re-publishes the rows retention kept.");
                }
                boolean tableStore = config.capture().offsetStore() == RelayConfig.OffsetStore.POSTGRES;
                return tableStore && !hasOffsets ? SlotState.WITHOUT_POSITION : SlotState.RESUMING;
            }
        }
    }

    private static void requireTable(Connection connection, RelayConfig.Database database) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            statement.setString(1, database.outbox().schema());
            statement.setString(2, database.outbox().table());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new ConfigurationException("The outbox table " + database.outbox() + " does not exist (or "
                            + "the relay's user cannot see it): run the Waybill migrations (docs/migrations.md), or "
                            + "set database.schema / database.table");
                }
            }
        }
        // The backlog is published in insert order (migration V4's seq column): an outbox from before it cannot be.
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM information_schema.columns "
                + "WHERE table_schema = ? AND table_name = ? AND column_name = 'seq'")) {
            statement.setString(1, database.outbox().schema());
            statement.setString(2, database.outbox().table());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new ConfigurationException("The outbox table " + database.outbox() + " has no seq column: "
                            + "its schema is older than this relay; run the Waybill migrations (docs/migrations.md) "
                            + "to bring it to the current version");
                }
            }
        }
    }

    private static void requirePublication(Connection connection, RelayConfig.Database database) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM pg_publication_tables WHERE pubname = ? AND schemaname = ? AND tablename = ?")) {
            statement.setString(1, database.publication());
            statement.setString(2, database.outbox().schema());
            statement.setString(3, database.outbox().table());
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new ConfigurationException("Publication '" + database.publication() + "' does not cover "
                            + database.outbox() + ": run the Waybill migrations, or set database.publication");
                }
            }
        }
    }
}
