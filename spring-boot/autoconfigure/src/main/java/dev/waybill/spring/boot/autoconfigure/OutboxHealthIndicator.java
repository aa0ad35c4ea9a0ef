package dev.waybill.spring.boot.autoconfigure;

import dev.waybill.outbox.OutboxTable;
import dev.waybill.outbox.WriteMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The outbox as the application sees it: its table reachable, the relay's replication slot present, and how far
 * the relay has acknowledged (from its stored position, when it keeps it in the database). Only a missing table,
 * or a missing slot in {@code message} mode (where writes are refused until it exists), is {@code DOWN}: a relay
 * that is behind is the relay's own health to report.
 */
final class OutboxHealthIndicator extends AbstractHealthIndicator {

    // Debezium's PostgreSQL source offset records the commit time of the last transaction the relay acknowledged.
    private static final Pattern COMMIT_MICROS = Pattern.compile("\"ts_usec\"\\s*:\\s*(\\d+)");

    private final DataSource dataSource;
    private final OutboxTable table;
    private final WriteMode mode;
    private final String relayName;
    private final String slot;

    OutboxHealthIndicator(DataSource dataSource, OutboxTable table, WriteMode mode, String relayName, String slot) {
        super("Waybill outbox health check failed");
        this.dataSource = dataSource;
        this.table = table;
        this.mode = mode;
        this.relayName = relayName;
        this.slot = slot;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws SQLException {
        builder.withDetail("table", table.toString())
                .withDetail("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        try (Connection connection = dataSource.getConnection()) {
            if (!exists(connection, table.qualifiedName())) {
                builder.down()
                        .withDetail(
                                "error",
                                "the outbox table " + table + " does not exist: apply the Waybill migrations "
                                        + "(waybill.migrations.enabled) or set waybill.outbox.schema/table");
                return;
            }
            builder.up();
            slot(connection, builder);
            acknowledged(connection, builder);
        }
    }

    private void slot(Connection connection, Health.Builder builder) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT active, "
                + "pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn) FROM pg_replication_slots "
                + "WHERE slot_name = ? AND database = current_database()")) {
            query.setString(1, slot);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    builder.withDetail("slot", slot + " (missing: no relay has run against this database yet)");
                    if (mode == WriteMode.MESSAGE) {
                        builder.down()
                                .withDetail(
                                        "error",
                                        "message mode needs the relay's slot " + slot + ": writes are refused until "
                                                + "the relay has started once");
                    }
                    return;
                }
                builder.withDetail("slot", slot)
                        .withDetail("slotActive", rows.getBoolean(1))
                        .withDetail("slotLagBytes", rows.getLong(2));
            }
        }
    }

    /**
     * The commit time the relay acknowledged up to, and in {@code table} mode the age of the oldest event written
     * after it (an estimate: {@code occurred_at} against a commit time, so a long transaction can hide an event).
     */
    private void acknowledged(Connection connection, Health.Builder builder) throws SQLException {
        String offsets = table.schema() + ".relay_offsets";
        if (!exists(connection, offsets)) {
            return;
        }
        Instant acknowledged = null;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT convert_from(offset_value, 'UTF8') FROM " + offsets + " WHERE relay_name = ?")) {
            query.setString(1, relayName);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Matcher micros = COMMIT_MICROS.matcher(String.valueOf(rows.getString(1)));
                    if (micros.find()) {
                        long value = Long.parseLong(micros.group(1));
                        Instant at = Instant.ofEpochSecond(value / 1_000_000, (value % 1_000_000) * 1_000);
                        acknowledged = acknowledged == null || at.isAfter(acknowledged) ? at : acknowledged;
                    }
                }
            }
        }
        if (acknowledged == null) {
            builder.withDetail("acknowledgedUpTo", "unknown: the relay " + relayName + " stored no position here");
            return;
        }
        builder.withDetail("acknowledgedUpTo", acknowledged.toString());
        if (mode != WriteMode.TABLE) {
            return;
        }
        try (PreparedStatement query =
                connection.prepareStatement("SELECT extract(epoch FROM clock_timestamp() - min(occurred_at)) FROM "
                        + table.qualifiedName() + " WHERE occurred_at > ?")) {
            query.setObject(1, java.sql.Timestamp.from(acknowledged));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                double seconds = rows.getDouble(1);
                builder.withDetail(
                        "oldestUnacknowledgedAge",
                        rows.wasNull()
                                ? "none"
                                : Duration.ofMillis(Math.round(seconds * 1000)).toString());
            }
        }
    }

    private static boolean exists(Connection connection, String qualifiedName) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            query.setString(1, qualifiedName);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }
}
