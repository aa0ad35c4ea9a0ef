package dev.waybill.relay;

import static dev.waybill.relay.RelayFixture.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.testkit.DedicatedKafka;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.WaybillTest;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Kafka goes away mid-stream: the relay waits instead of failing, says it is not ready, and loses nothing. */
@WaybillTest
class KafkaOutageIT {

    @Test
    void brokerStoppedAndRestartedLosesNothingAndReadinessFollows(TestDatabase database) throws Exception {
        RelayFixture.migrate(database);
        try (DedicatedKafka kafka = DedicatedKafka.start()) {
            Map<String, String> env = RelayFixture.environment(database, kafka, "outage");
            env.put("WAYBILL_KAFKA_READINESS_TIMEOUT", "1s");
            try (Relay relay = Relay.start(RelayFixture.config(env))) {
                await().atMost(Duration.ofSeconds(60)).until(relay::ready);
                Set<String> ids = new HashSet<>();
                List<OutboxEvent> before = RelayFixture.orders(700_000, 20);
                RelayFixture.write(database, before);
                before.forEach(event -> ids.add(event.id().toString()));
                assertThat(RelayFixture.read(kafka, ids, "orders.order-placed.v1")).hasSize(20);

                kafka.stop();
                await().atMost(Duration.ofSeconds(30)).until(() -> !relay.ready());
                List<OutboxEvent> during = RelayFixture.orders(700_100, 30);
                RelayFixture.write(database, during);
                during.forEach(event -> ids.add(event.id().toString()));
                // Let the relay try while the broker is away; it must keep waiting, not fail.
                await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(relay::live);

                kafka.restart();
                await().atMost(Duration.ofSeconds(60)).until(relay::ready);
                List<OutboxEvent> after = RelayFixture.orders(700_200, 10);
                RelayFixture.write(database, after);
                after.forEach(event -> ids.add(event.id().toString()));

                assertThat(RelayFixture.read(kafka, ids, "orders.order-placed.v1").keySet())
                        .containsExactlyInAnyOrderElementsOf(ids);
                assertThat(relay.live()).isTrue();
            }
        }
    }
}
