package dev.waybill.benchmarks;

import dev.waybill.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The committed backlog the throughput benchmark drains: three contracts, ~500-byte payloads, every twentieth event
 * breaking its contract (a negative amount or weight); as outbox rows, or as the logical decoding messages
 * {@code WriteMode.MESSAGE} writes. Either way one transaction, as one big catch-up after an outage would be.
 */
final class Backlog {

    static final int BREAKING_EVERY = 20;
    private static final String NOTES = "'" + "n".repeat(300) + "'";
    private static final String CONTRACT =
            "(ARRAY['bench.order-placed','bench.payment-captured','bench.parcel-shipped'])[g % 3 + 1]";
    private static final String AGGREGATE_TYPE = "(ARRAY['order','payment','parcel'])[g % 3 + 1]";
    private static final String AGGREGATE_ID = "'ORD-' || (g / 3)";
    private static final String EVENT_TYPE = "(ARRAY['OrderPlaced','PaymentCaptured','ParcelShipped'])[g % 3 + 1]";
    private static final String HEADERS =
            "'{\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}'";
    private static final String PAYLOAD = "CASE g % 3 "
            + " WHEN 0 THEN json_build_object('orderId', 'ORD-' || (g / 3), 'customerId', 'CUS-' || (g % 977), "
            + "   'amountCents', CASE WHEN g % " + BREAKING_EVERY + " = 0 THEN -1 ELSE g % 10000 END, "
            + "   'currency', 'EUR', 'items', 1 + g % 5, 'channel', 'web', "
            + "   'occurredAt', '2026-11-26T10:15:30Z', 'notes', " + NOTES + ")"
            + " WHEN 1 THEN json_build_object('paymentId', 'PAY-' || g, 'orderId', 'ORD-' || (g / 3), "
            + "   'amountCents', CASE WHEN g % " + BREAKING_EVERY + " = 0 THEN -1 ELSE g % 10000 END, "
            + "   'method', 'card', 'capturedAt', '2026-11-26T10:15:31Z', 'notes', " + NOTES + ")"
            + " ELSE json_build_object('parcelId', 'PCL-' || g, 'orderId', 'ORD-' || (g / 3), 'carrier', 'dhl', "
            + "   'weightGrams', CASE WHEN g % " + BREAKING_EVERY + " = 0 THEN -1 ELSE 100 + g % 5000 END, "
            + "   'shippedAt', '2026-11-26T10:15:32Z', 'notes', " + NOTES + ")"
            + " END";

    /**
     * A UUIDv7 per row, as the writer makes them (PostgreSQL 17 has no uuidv7()): 48 bits of milliseconds, the version,
     * and random bits with the RFC 9562 variant. The outbox refuses ids of other versions.
     */
    private static final String UUID_V7 = "(lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)::bigint), 12, "
            + "'0') || '7' || substr(md5(random()::text || g), 1, 3) || '8' || substr(md5(random()::text || g), 1, 15)"
            + ")::uuid";

    private Backlog() {}

    static void writeRows(TestDatabase database, int events) throws SQLException {
        execute(
                database,
                "INSERT INTO waybill.outbox (id, contract, schema_version, aggregate_type, aggregate_id, "
                        + "event_type, payload, headers) SELECT " + UUID_V7 + ", " + CONTRACT + ", '1.0.0', "
                        + AGGREGATE_TYPE + ", " + AGGREGATE_ID + ", " + EVENT_TYPE + ", (" + PAYLOAD + ")::jsonb, "
                        + HEADERS + " FROM generate_series(1, " + events + ") AS g");
    }

    /** The same events as {@link #writeRows}, in the envelope {@code OutboxWriter} gives messages. */
    static void writeMessages(TestDatabase database, int events) throws SQLException {
        execute(
                database,
                "SELECT count(pg_logical_emit_message(true, 'waybill:waybill.outbox', "
                        + "json_build_object('id', " + UUID_V7 + ", 'contract', " + CONTRACT
                        + ", 'schema_version', '1.0.0', "
                        + "'aggregate_type', " + AGGREGATE_TYPE + ", 'aggregate_id', " + AGGREGATE_ID
                        + ", 'event_type', "
                        + EVENT_TYPE + ", 'headers', " + HEADERS + "::json, 'occurred_at', now())::text || E'\\n' || ("
                        + PAYLOAD + ")::text)) FROM generate_series(1, " + events + ") AS g");
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
