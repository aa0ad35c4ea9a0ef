package dev.waybill.collector;

import static dev.waybill.collector.CollectorTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.collector.CollectorSetting.Scope;
import dev.waybill.routing.WaybillHeaders;
import dev.waybill.testkit.DedicatedKafka;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka taken away under load for 30 s or more (the wait for the first failure, then 28 s held). In {@code kafka} mode requests fail with 503 {@code kafka-unavailable} while it
 * is away and nothing acknowledged is lost; in {@code buffered} mode nothing acknowledged is lost and a full buffer
 * answers 503 {@code buffer-full} with {@code Retry-After}.
 */
class KafkaOutageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long Kafka stays away once the collector noticed: with the wait for that, the outage lasts 30 s or more. */
    private static final int OUTAGE_HELD_SECONDS = 28;

    @TempDir
    Path temp;

    @Test
    void kafkaModeFailsClearlyWhileKafkaIsAwayAndLosesNothingAcknowledged() throws Exception {
        try (DedicatedKafka kafka = DedicatedKafka.start()) {
            String contract = "shop.outage-" + uid().substring(0, 8);
            createTopics(kafka.bootstrapServers(), contract + ".raw");
            try (Collector collector = Collector.start(CollectorConfig.builder(Scope.COLLECT)
                    .kafka(kafka.bootstrapServers())
                    .set(CollectorSettings.HTTP_PORT, 0)
                    .set(CollectorSettings.TOKENS, tokens(temp, contract))
                    .set(CollectorSettings.ACK_TIMEOUT, Duration.ofSeconds(2))
                    .set(CollectorSettings.RATE_LIMIT, 0)
                    .build())) {
                Load load = new Load(collector.port(), contract, 5);
                load.start(2);
                await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged.size() >= 50);

                kafka.stop();
                await().atMost(Duration.ofSeconds(20)).until(() -> load.failures("kafka-unavailable") >= 1);
                // Away for 30 s or more in all: nothing is acknowledged while it is, and every request fails clearly.
                int acknowledgedBefore = load.acknowledged.size();
                await().during(Duration.ofSeconds(OUTAGE_HELD_SECONDS))
                        .atMost(Duration.ofSeconds(OUTAGE_HELD_SECONDS + 30))
                        .until(() -> load.acknowledged.size() == acknowledgedBefore);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> get(collector.port(), "/health/ready").statusCode() == 503);
                restart(kafka);

                int before = load.acknowledged.size();
                await().atMost(Duration.ofSeconds(40)).until(() -> load.acknowledged.size() >= before + 50);
                load.stop();

                assertThat(load.unexpected)
                        .as("every failure is a 503 kafka-unavailable")
                        .isEmpty();
                assertThat(load.failures("kafka-unavailable")).isGreaterThanOrEqualTo(8);
                assertAllInRawTopic(kafka.bootstrapServers(), contract, load.acknowledged);
            }
        }
    }

    @Test
    void bufferedModeRidesOutTheOutageAndAFullBufferAnswers503() throws Exception {
        try (DedicatedKafka kafka = DedicatedKafka.start()) {
            String contract = "shop.buffered-" + uid().substring(0, 8);
            createTopics(kafka.bootstrapServers(), contract + ".raw");
            try (Collector collector = Collector.start(CollectorConfig.builder(Scope.COLLECT)
                    .kafka(kafka.bootstrapServers())
                    .set(CollectorSettings.HTTP_PORT, 0)
                    .set(CollectorSettings.TOKENS, tokens(temp, contract))
                    .set(CollectorSettings.ACK_MODE, AckMode.BUFFERED)
                    .set(CollectorSettings.BUFFER_MAX_EVENTS, 400)
                    .set(CollectorSettings.RATE_LIMIT, 0)
                    .build())) {
                Load load = new Load(collector.port(), contract, 10);
                load.start(2);
                await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged.size() >= 100);

                kafka.stop();
                // The buffer fills and then answers 503; keep Kafka away a while longer (30 s or more in all).
                await().atMost(Duration.ofSeconds(30)).until(() -> load.failures("buffer-full") >= 1);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> get(collector.port(), "/health/ready").statusCode() == 503);
                // Away for 30 s or more in all, the collector answering all along.
                await().during(Duration.ofSeconds(OUTAGE_HELD_SECONDS))
                        .atMost(Duration.ofSeconds(OUTAGE_HELD_SECONDS + 30))
                        .until(() -> get(collector.port(), "/health/live").statusCode() == 200);
                assertThat(load.failures("buffer-full")).isGreaterThan(10);
                int acknowledgedWhileAway = load.acknowledged.size();
                restart(kafka);

                await().atMost(Duration.ofSeconds(60))
                        .until(() -> load.acknowledged.size() >= acknowledgedWhileAway + 100);
                load.stop();

                assertThat(load.unexpected)
                        .as("every failure is a 503 buffer-full")
                        .isEmpty();
                assertThat(load.retryAfterMissing).isFalse();
                assertAllInRawTopic(kafka.bootstrapServers(), contract, load.acknowledged);
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> get(collector.port(), "/metrics").body(),
                                m -> m.contains("waybill_collector_buffered_events{collector=")
                                        && bufferedEvents(m) == 0);
            }
        }
    }

    /**
     * Brings the broker back on its port. While it is away, clients reconnect to that port in a loop, and Linux
     * occasionally lets such a connect take the free port itself (a TCP self-connection), which makes the broker's
     * bind fail until the client drops it: try again for a while.
     */
    private static void restart(DedicatedKafka kafka) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    try {
                        kafka.restart();
                        return true;
                    } catch (dev.waybill.testkit.TestkitException e) {
                        return false;
                    }
                });
    }

    private static double bufferedEvents(String metrics) {
        return metrics.lines()
                .filter(line -> line.startsWith("waybill_collector_buffered_events{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(-1);
    }

    private static void assertAllInRawTopic(String bootstrapServers, String contract, Set<String> acknowledged) {
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<byte[], byte[]> raw = consumer(bootstrapServers, List.of(contract + ".raw"))) {
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                records.clear();
                pollInto(raw, records);
                records.forEach(r -> seen.add(header(r, WaybillHeaders.ID)));
                return seen.containsAll(acknowledged);
            });
        }
        assertThat(seen).containsAll(acknowledged);
    }

    /** Clients posting batches without pause, remembering what was acknowledged and how the rest failed. */
    static final class Load {
        final int port;
        final String contract;
        final int batch;
        final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        final Map<String, Integer> failures = new ConcurrentHashMap<>();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
        volatile boolean retryAfterMissing;
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> threads = new ArrayList<>();

        Load(int port, String contract, int batch) {
            this.port = port;
            this.contract = contract;
            this.batch = batch;
        }

        int failures(String code) {
            return failures.getOrDefault(code, 0);
        }

        void start(int clients) {
            for (int i = 0; i < clients; i++) {
                Thread thread = new Thread(this::run, "load-" + i);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
        }

        private void run() {
            while (running.get()) {
                List<String> ids = new ArrayList<>();
                StringBuilder body = new StringBuilder("[");
                for (int i = 0; i < batch; i++) {
                    String id = uid();
                    ids.add(id);
                    body.append(i == 0 ? "" : ",").append(click(id, contract, "s-" + i, "{\"page\":\"/\",\"x\":1}"));
                }
                try {
                    HttpResponse<String> response = post(port, "application/json", body + "]", TOKEN);
                    if (response.statusCode() == 200 || response.statusCode() == 202) {
                        acknowledged.addAll(ids);
                    } else if (response.statusCode() == 503) {
                        String code =
                                JSON.readTree(response.body()).path("error").asText();
                        failures.merge(code, 1, Integer::sum);
                        if (response.headers().firstValue("retry-after").isEmpty()) {
                            retryAfterMissing = true;
                        }
                        if (code.equals("buffer-full")) {
                            Thread.sleep(20); // a client honouring Retry-After would wait longer; the test wants load
                        }
                    } else {
                        unexpected.add(response.statusCode() + " " + response.body());
                    }
                } catch (Exception e) {
                    unexpected.add(e.toString());
                }
            }
        }
    }
}
