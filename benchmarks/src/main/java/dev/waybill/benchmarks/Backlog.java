package dev.waybill.benchmarks;

import dev.waybill.testkit.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The committed backlog the throughput benchmark drains: three contracts, ~500-byte payloads, every twentieth event
 * breaking its contract (a negative amount or weight).
 */
final class Backlog {

    static final int BREAKING_EVERY = 20;

    private Backlog() {}

    static void write(TestDatabase database, int events) throws SQLException {
        String notes = "'" + "n".repeat(300) + "'";
        String sql = "INSERT INTO waybill.outbox (id, contract, schema_version, aggregate_type, aggregate_id, "
                + "event_type, payload, headers) SELECT gen_random_uuid(), "
                + "(ARRAY['bench.order-placed','bench.payment-captured','bench.parcel-shipped'])[g % 3 + 1], '1.0.0', "
                + "(ARRAY['order','payment','parcel'])[g % 3 + 1], 'ORD-' || (g / 3), "
                + "(ARRAY['OrderPlaced','PaymentCaptured','ParcelShipped'])[g % 3 + 1], "
                + "CASE g % 3 "
                + " WHEN 0 THEN json_build_object('orderId', 'ORD-' || (g / 3), 'customerId', 'CUS-' || (g % 977), "
                + "   'amountCents', CASE WHEN g % " + BREAKING_EVERY + " = 0 THEN -1 ELSE g % 10000 END, "
                + "   'currency', 'EUR', 'items', 1 + g % 5, 'channel', 'web', "
                + "   'occurredAt', '2026-11-26T10:15:30Z', 'notes', " + notes + ")"
                + " WHEN 1 THEN json_build_object('paymentId', 'PAY-' || g, 'orderId', 'ORD-' || (g / 3), "
                + "   'amountCents', CASE WHEN g % " + BREAKING_EVERY + " = 0 THEN -1 ELSE g % 10000 END, "
                + "   'method', 'card', 'capturedAt', '2026-11-26T10:15:31Z', 'notes', " + notes + ")"
                + " ELSE json_build_object('parcelId', 'PCL-' || g, 'orderId', 'ORD-' || (g / 3), 'carrier', 'dhl', "
                + "   'weightGrams', CASE WHEN g % " + BREAKING_EVERY + " = 0 THEN -1 ELSE 100 + g % 5000 END, "
                + "   'shippedAt', '2026-11-26T10:15:32Z', 'notes', " + notes + ")"
                + " END::jsonb, '{\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\"}' "
                + "FROM generate_series(1, " + events + ") AS g";
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
