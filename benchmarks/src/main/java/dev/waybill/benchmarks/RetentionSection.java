package dev.waybill.benchmarks;

import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelaySettings;
import dev.waybill.relay.internal.Retention;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.Testkit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Table bloat under the relay's retention: hour after simulated hour, the service writes a batch of events and
 * retention deletes what is older than {@code keep}; vacuum runs as autovacuum would with the table's settings. The
 * table should level off at about {@code keep} worth of rows instead of growing.
 */
final class RetentionSection implements Section {

    private static final int ROWS_PER_HOUR = 20_000;
    private static final int HOURS = 12;
    private static final Duration KEEP = Duration.ofHours(4);
    private static final String PAYLOAD = "{\"orderId\":\"ORD-000001\",\"totalAmount\":1250,"
            + "\"occurredAt\":\"2026-11-26T10:15:30Z\",\"note\":\"" + "x".repeat(380) + "\"}";

    @Override
    public String key() {
        return "retention";
    }

    @Override
    public List<Figure> figures(Map<String, Object> data) {
        List<Map<String, Object>> hours = FigureData.rows(data, "hours");
        if (hours.isEmpty()) {
            return List.of();
        }
        return List.of(
                Figure.of(
                        key() + ".slowest-retention-run",
                        "retention deleting an hour's rows, slowest of the simulated hours",
                        hours.stream()
                                .mapToDouble(hour -> FigureData.number(hour, "retentionMillis"))
                                .max()
                                .orElseThrow(),
                        "ms",
                        List.of()),
                Figure.of(
                        key() + ".table-mib-last-hour",
                        "outbox table size after the last simulated hour, keeping " + data.get("keepHours") + " h",
                        Stats.round(FigureData.number(hours.get(hours.size() - 1), "tableBytes") / (1 << 20), 1),
                        "MiB",
                        List.of()));
    }

    @Override
    public Map<String, Object> run() throws Exception {
        List<Map<String, Object>> hours = new ArrayList<>();
        try (TestDatabase database = Testkit.postgres().createDatabase("bench_retention")) {
            WaybillMigrations.builder(database.dataSource()).build().migrate();
            RelayConfig config = RelayConfig.builder()
                    .set(RelaySettings.DATABASE_URL, database.jdbcUrl())
                    .set(RelaySettings.KAFKA_BOOTSTRAP_SERVERS, "unused:9092")
                    .set(RelaySettings.CONTRACTS_REGISTRY, true)
                    .set(RelaySettings.RETENTION_KEEP, KEEP)
                    .build();
            Retention retention = new Retention(database.dataSource(), config);
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            for (int hour = 1; hour <= HOURS; hour++) {
                Instant now = start.plus(Duration.ofHours(hour));
                write(database, now.minus(Duration.ofHours(1)), ROWS_PER_HOUR);
                long started = System.nanoTime();
                long deleted = retention.run(now);
                long retentionMillis = (System.nanoTime() - started) / 1_000_000;
                vacuum(database);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("hour", hour);
                row.put("rowsDeleted", deleted);
                row.put("retentionMillis", retentionMillis);
                row.putAll(size(database));
                hours.add(row);
                System.out.println("  " + row);
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("rowsPerHour", ROWS_PER_HOUR);
        figures.put("keepHours", KEEP.toHours());
        figures.put("hours", hours);
        return figures;
    }

    /** {@code count} rows with UUIDv7 ids spread over the hour starting at {@code from}. */
    private static void write(TestDatabase database, Instant from, int count) throws SQLException {
        try (Connection connection = database.connect();
                PreparedStatement statement = connection.prepareStatement("INSERT INTO waybill.outbox (id, contract, "
                        + "schema_version, aggregate_type, aggregate_id, event_type, payload) SELECT "
                        + "(lpad(to_hex(?::bigint + (g::bigint * 3600000 / ?)), 12, '0') || '7000' || '8' "
                        + "|| lpad(to_hex(g), 15, '0'))::uuid, 'orders.order-placed', '1.0.0', 'order', "
                        + "'ORD-' || g, 'orders.order-placed', ?::jsonb FROM generate_series(0, ? - 1) AS g")) {
            statement.setLong(1, from.toEpochMilli());
            statement.setInt(2, count);
            statement.setString(3, PAYLOAD);
            statement.setInt(4, count);
            statement.executeUpdate();
        }
    }

    private static void vacuum(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("VACUUM waybill.outbox");
        }
    }

    private static Map<String, Object> size(TestDatabase database) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT (SELECT count(*) FROM waybill.outbox), "
                        + "pg_table_size('waybill.outbox'), pg_indexes_size('waybill.outbox')")) {
            rs.next();
            Map<String, Object> size = new LinkedHashMap<>();
            size.put("liveRows", rs.getLong(1));
            size.put("tableBytes", rs.getLong(2));
            size.put("indexBytes", rs.getLong(3));
            return size;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public String markdown(Map<String, Object> figures) {
        StringBuilder md = new StringBuilder("## Retention and table bloat\n\n");
        md.append("Every simulated hour the service writes ")
                .append(String.format(Locale.ROOT, "%,d", ((Number) figures.get("rowsPerHour")).longValue()))
                .append(" events (~500-byte payloads); the relay's retention then deletes rows older than ")
                .append(figures.get("keepHours"))
                .append(" h in batches of 5,000, and `VACUUM` runs as autovacuum ")
                .append("would (the migration sets `autovacuum_vacuum_scale_factor = 0.02` on the table). The ")
                .append("table should level off at about ")
                .append(figures.get("keepHours"))
                .append(" hours of rows: freed space is reused, not added to.\n\n");
        md.append("| hour | rows deleted | retention ms | live rows | table MiB | index MiB |\n")
                .append("|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> row : (List<Map<String, Object>>) figures.get("hours")) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %,d | %,d | %,d | %.1f | %.1f |%n",
                    ((Number) row.get("hour")).intValue(),
                    ((Number) row.get("rowsDeleted")).longValue(),
                    ((Number) row.get("retentionMillis")).longValue(),
                    ((Number) row.get("liveRows")).longValue(),
                    ((Number) row.get("tableBytes")).longValue() / 1048576.0,
                    ((Number) row.get("indexBytes")).longValue() / 1048576.0));
        }
        return md.toString();
    }
}
