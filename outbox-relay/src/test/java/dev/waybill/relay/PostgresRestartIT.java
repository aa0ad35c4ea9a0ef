package dev.waybill.relay;

import static dev.waybill.relay.RelayFixture.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.testkit.DedicatedPostgres;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** PostgreSQL restarts under the relay: it reconnects by itself and loses nothing. */
@WaybillTest
class PostgresRestartIT {

    @Test
    void relayReconnectsAfterADatabaseRestartAndLosesNothing(TestKafka kafka) throws Exception {
        try (DedicatedPostgres postgres = DedicatedPostgres.start()) {
            TestDatabase database = postgres.postgres().createDatabase("restart");
            RelayFixture.migrate(database);
            Map<String, String> env = RelayFixture.environment(database, kafka, "pgrestart");
            try (Relay relay = Relay.start(RelayFixture.config(env))) {
                await().atMost(Duration.ofSeconds(60)).until(relay::ready);
                Set<String> ids = new HashSet<>();
                List<OutboxEvent> before = RelayFixture.orders(900_000, 20);
                RelayFixture.write(database, before);
                before.forEach(event -> ids.add(event.id().toString()));
                assertThat(RelayFixture.read(kafka, ids, "orders.order-placed.v1")).hasSize(20);

                postgres.restart();
                List<OutboxEvent> after = RelayFixture.orders(900_100, 20);
                RelayFixture.write(database, after);
                after.forEach(event -> ids.add(event.id().toString()));

                assertThat(RelayFixture.read(kafka, ids, "orders.order-placed.v1").keySet())
                        .containsExactlyInAnyOrderElementsOf(ids);
                await().atMost(Duration.ofSeconds(60)).until(relay::ready);
                assertThat(relay.live()).isTrue();
            }
        }
    }
}
