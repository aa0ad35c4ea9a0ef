package dev.waybill.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.testkit.DedicatedKafka;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.WaybillTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka goes away for 30 s while the service keeps committing events: the relay process waits instead of failing,
 * says it is not ready for the whole outage, and afterwards delivers everything in order.
 */
@WaybillTest
class KafkaOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @Test
    void brokerAwayForThirtySecondsMidStreamLosesNothingAndReadinessFollows(TestDatabase database, @TempDir Path logs)
            throws Exception {
        RelayFixture.migrate(database);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicInteger sequence = new AtomicInteger();
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try (DedicatedKafka kafka = DedicatedKafka.start()) {
            Map<String, String> env = RelayFixture.environment(database, kafka, "outage");
            env.put("WAYBILL_KAFKA_READINESS_TIMEOUT", "1s");
            try (RelayProcess relay = RelayProcess.start(env, logs.resolve("relay.log"))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    assertThat(relay.alive()).as("relay process is running").isTrue();
                    return relay.ready();
                });
                // About 100 events a second, over 7 aggregates whose sequence travels in the payload.
                ScheduledFuture<?> writing = writer.scheduleAtFixedRate(
                        () -> {
                            List<OutboxEvent> events = new ArrayList<>();
                            for (int i = 0; i < 5; i++) {
                                int next = sequence.getAndIncrement();
                                events.add(RelayFixture.order(String.format("ORD-%06d", 700_000 + next % 7), next));
                            }
                            try {
                                RelayFixture.write(database, events);
                            } catch (java.sql.SQLException e) {
                                throw new IllegalStateException(e);
                            }
                            events.forEach(event -> ids.add(event.id().toString()));
                        },
                        0,
                        50,
                        TimeUnit.MILLISECONDS);
                await().atMost(Duration.ofSeconds(30)).until(() -> ids.size() >= 200);

                kafka.stop();
                long stopped = System.nanoTime();
                int atStop = ids.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> !relay.ready());
                Duration left = OUTAGE.minusNanos(System.nanoTime() - stopped);
                await().during(left).atMost(left.plusSeconds(10)).until(() -> relay.alive() && !relay.ready());
                assertThat(relay.body("/health/ready"))
                        .as("readiness names the condition that fails")
                        .contains("\"status\":\"DOWN\"", "\"kafka\":{\"status\":\"DOWN\"");

                int duringOutage = ids.size() - atStop;
                kafka.restart();
                await().atMost(Duration.ofSeconds(60)).until(relay::ready);
                int afterOutage = ids.size();
                await().atMost(Duration.ofSeconds(30)).until(() -> ids.size() >= afterOutage + 200);
                writing.cancel(false);
                writer.shutdown();
                assertThat(writer.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
                assertThat(writing.isCancelled()).as("the writer never failed").isTrue();

                var records = RelayFixture.read(kafka, ids, "orders.order-placed.v1");
                assertThat(records.keySet()).containsExactlyInAnyOrderElementsOf(ids);
                RelayFixture.assertPerAggregateOrder(records);
                assertThat(relay.alive()).isTrue();
                assertThat(relay.status("/health/live")).isEqualTo(200);
                // An expected condition: told in a line, not once per retry, and without a stack trace.
                assertThat(relay.output()).doesNotContain("\tat ");
                assertThat(relay.repeatedWarnings(3)).isEmpty();
                System.out.printf(
                        "KafkaOutageIT: %d events, %d of them committed during the %d s outage%n",
                        ids.size(), duringOutage, OUTAGE.toSeconds());
            }
        } finally {
            writer.shutdownNow();
        }
    }
}
