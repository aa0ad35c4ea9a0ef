package dev.waybill.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Draining a large backlog is the relay's heaviest work, and an ordinary day after an outage: its log must stay
 * readable, without a line per event from a library that cannot keep up.
 */
@WaybillTest
class BacklogLoggingIT {

    private static final int BACKLOG = 200_000;
    private static final Pattern COUNTED =
            Pattern.compile("^waybill_events_(published|dead_lettered)_total\\{.*} ([0-9.E]+)$", Pattern.MULTILINE);

    @Test
    void drainingTwoHundredThousandEventsLogsNoWarningFlood(TestDatabase database, TestKafka kafka, @TempDir Path logs)
            throws Exception {
        RelayFixture.migrate(database);
        try (RelayProcess relay =
                RelayProcess.start(RelayFixture.environment(database, kafka, "backlog"), logs.resolve("relay.log"))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                assertThat(relay.alive()).as("relay process is running").isTrue();
                return relay.ready();
            });
            // Committed while the relay streams, so it comes through the slot (rows already there at the first start
            // are read from the table instead), in one transaction, as a service catching up after an outage writes
            // it. Every 100th event breaks its contract.
            RelayFixture.execute(
                    database,
                    "INSERT INTO waybill.outbox (id, contract, schema_version, aggregate_type, aggregate_id, event_type,"
                            + " payload, headers) SELECT (lpad(to_hex((extract(epoch FROM clock_timestamp()) * 1000)"
                            + "::bigint), 12, '0') || '7' || substr(md5(g::text), 1, 3) || '8' || substr(md5(g::text),"
                            + " 4, 15))::uuid, 'orders.order-placed', '1.0.0', 'order', 'ORD-' || lpad((g % 5000)"
                            + "::text, 6, '0'), 'OrderPlaced', json_build_object('orderId', 'ORD-' || lpad((g % 5000)"
                            + "::text, 6, '0'), 'totalAmount', CASE WHEN g % 100 = 0 THEN -1 ELSE g END, 'occurredAt',"
                            + " '2026-11-26T10:15:30Z')::jsonb, '{}' FROM generate_series(1, " + BACKLOG + ") AS g");
            await().atMost(Duration.ofMinutes(5))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        assertThat(relay.alive()).as("relay process is running").isTrue();
                        return relay.status("/metrics") == 200 && relayed(relay.body("/metrics")) >= BACKLOG;
                    });
            assertThat(relay.terminate(Duration.ofSeconds(60))).isZero();

            assertThat(relay.repeatedWarnings(3))
                    .as("WARN and ERROR lines logged three times or more while draining, with how often")
                    .isEmpty();
            assertThat(relay.output()).doesNotContain("queue is full");
        }
    }

    private static long relayed(String metrics) {
        long relayed = 0;
        Matcher counter = COUNTED.matcher(metrics);
        while (counter.find()) {
            relayed += (long) Double.parseDouble(counter.group(2));
        }
        return relayed;
    }
}
