package dev.waybill.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.testkit.DedicatedPostgres;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PostgreSQL restarts under the relay process: it reconnects by itself, becomes ready again and loses nothing. */
@WaybillTest
class PostgresRestartIT {

    @Test
    void relayReconnectsAfterADatabaseRestartAndLosesNothing(TestKafka kafka, @TempDir Path logs) throws Exception {
        try (DedicatedPostgres postgres = DedicatedPostgres.start()) {
            TestDatabase database = postgres.postgres().createDatabase("restart");
            RelayFixture.migrate(database);
            Map<String, String> env = RelayFixture.environment(database, kafka, "pgrestart");
            try (RelayProcess relay = RelayProcess.start(env, logs.resolve("relay.log"))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    assertThat(relay.alive()).as("relay process is running").isTrue();
                    return relay.ready();
                });
                Set<String> ids = new HashSet<>();
                List<OutboxEvent> before = RelayFixture.orders(900_000, 20);
                RelayFixture.write(database, before);
                before.forEach(event -> ids.add(event.id().toString()));
                assertThat(RelayFixture.read(kafka, ids, "orders.order-placed.v1"))
                        .hasSize(20);

                postgres.restart();
                List<OutboxEvent> after = RelayFixture.orders(900_100, 20);
                RelayFixture.write(database, after);
                after.forEach(event -> ids.add(event.id().toString()));

                assertThat(RelayFixture.read(kafka, ids, "orders.order-placed.v1")
                                .keySet())
                        .containsExactlyInAnyOrderElementsOf(ids);
                await().atMost(Duration.ofSeconds(60)).until(relay::ready);
                assertThat(relay.alive()).isTrue();
                assertThat(relay.status("/health/live")).isEqualTo(200);
                // An expected condition: told in a line, not once per retry, and without a stack trace.
                assertThat(relay.output()).doesNotContain("\tat ");
                assertThat(relay.repeatedWarnings(3)).isEmpty();
            }
        }
    }
}
