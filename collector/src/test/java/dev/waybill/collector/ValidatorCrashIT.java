package dev.waybill.collector;

import static dev.waybill.collector.CollectorTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.collector.internal.Envelope;
import dev.waybill.collector.internal.RawRecords;
import dev.waybill.routing.WaybillHeaders;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code waybill validate} in its own process, killed (SIGKILL: no commit, no close) while raw events keep arriving,
 * then started again: every event is in the valid or dead-letter topic exactly once for a read_committed consumer.
 */
@WaybillTest
class ValidatorCrashIT {

    @TempDir
    Path temp;

    @Test
    void killedMidStreamAndRestartedLosesNothingAndDuplicatesNothing(TestKafka kafka) throws Exception {
        String contract = "shop.crash-" + uid().substring(0, 8);
        // A suffix of its own: the validator reads every topic ending in it, and the shared broker has other tests'
        // raw topics (their events would be dead-lettered here as unknown contracts).
        String suffix = ".raw-" + uid().substring(0, 8);
        String validTopic = contract + ".v1";
        String deadLetterTopic = contract + ".dead-letter";
        createTopics(kafka.bootstrapServers(), contract + suffix, validTopic, deadLetterTopic);
        Path contracts = CollectorTesting.contracts(temp.resolve("contracts"), contract, validTopic);
        Map<String, String> environment = new HashMap<>();
        environment.put("WAYBILL_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        environment.put("WAYBILL_CONTRACTS_DIRECTORY", contracts.toString());
        environment.put("WAYBILL_KAFKA_DEAD_LETTER_TOPIC", deadLetterTopic);
        environment.put("WAYBILL_KAFKA_RAW_TOPIC_SUFFIX", suffix);
        environment.put("WAYBILL_HTTP_PORT", "0");
        environment.put("WAYBILL_VALIDATE_APPLICATION_ID", "validate-" + uid());
        environment.put("WAYBILL_KAFKA_STREAMS_COMMIT_INTERVAL_MS", "200");
        // The killed member's partitions move to the new one after its session times out.
        environment.put("WAYBILL_KAFKA_STREAMS_SESSION_TIMEOUT_MS", "6000");
        environment.put("WAYBILL_KAFKA_STREAMS_HEARTBEAT_INTERVAL_MS", "1000");

        Set<String> valid = ConcurrentHashMap.newKeySet();
        Set<String> invalid = ConcurrentHashMap.newKeySet();
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicInteger sequence = new AtomicInteger();
        RawRecords raw = new RawRecords(suffix, "/waybill/collector", "collector-test");
        Thread producer = new Thread(() -> produce(kafka, raw, contract, producing, sequence, valid, invalid));
        producer.setDaemon(true);

        Process first = validate(environment, "first");
        producer.start();
        try (KafkaConsumer<byte[], byte[]> validated = consumer(kafka.bootstrapServers(), List.of(validTopic))) {
            List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                assertThat(first.isAlive()).as("validator process is running").isTrue();
                pollInto(validated, seen);
                return seen.size() >= 300;
            });
        }
        first.destroyForcibly().waitFor();
        Process second = validate(environment, "second");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> sequence.get() >= 4000);
            producing.set(false);
            producer.join();

            List<ConsumerRecord<byte[], byte[]>> routed = new ArrayList<>();
            try (KafkaConsumer<byte[], byte[]> consumer =
                    consumer(kafka.bootstrapServers(), List.of(validTopic, deadLetterTopic))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> {
                    assertThat(second.isAlive())
                            .as("restarted validator is running")
                            .isTrue();
                    pollInto(consumer, routed);
                    return routed.size() >= valid.size() + invalid.size();
                });
                // Anything more (a duplicate) would arrive by now too.
                await().during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> {
                            pollInto(consumer, routed);
                            return true;
                        });
            }
            Map<String, Integer> validCount = new HashMap<>();
            Map<String, Integer> deadCount = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> record : routed) {
                String id = header(record, WaybillHeaders.ID);
                (record.topic().equals(validTopic) ? validCount : deadCount).merge(id, 1, Integer::sum);
            }
            assertThat(validCount.keySet()).containsExactlyInAnyOrderElementsOf(valid);
            assertThat(deadCount.keySet()).containsExactlyInAnyOrderElementsOf(invalid);
            assertThat(validCount.values())
                    .as("no event twice in the valid topic")
                    .allMatch(n -> n == 1);
            assertThat(deadCount.values())
                    .as("no event twice in the dead-letter topic")
                    .allMatch(n -> n == 1);
        } finally {
            second.destroy();
            second.waitFor();
        }
    }

    private Process validate(Map<String, String> environment, String name) throws IOException {
        Path state = Files.createDirectories(temp.resolve("state-" + name));
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.waybill.cli.WaybillCli",
                        "validate")
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("validate-" + name + ".log").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("WAYBILL_"));
        builder.environment().putAll(environment);
        builder.environment().put("WAYBILL_KAFKA_STREAMS_STATE_DIR", state.toString());
        builder.environment().put("WAYBILL_COLLECTOR_INSTANCE", "validator-" + name);
        return builder.start();
    }

    /** Raw records as the collector writes them, 40 every 20 ms; every fifth breaks its contract. */
    private static void produce(
            TestKafka kafka,
            RawRecords raw,
            String contract,
            AtomicBoolean producing,
            AtomicInteger sequence,
            Set<String> valid,
            Set<String> invalid) {
        Map<String, Object> properties = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG,
                "all");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            while (producing.get()) {
                List<Envelope> events = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    int n = sequence.getAndIncrement();
                    String id = uid();
                    boolean good = n % 5 != 0;
                    String data = good ? "{\"page\":\"/p\",\"x\":" + n + "}" : "{\"page\":\"/p\",\"x\":-1}";
                    events.add(new Envelope(
                            id,
                            "Clicked",
                            null,
                            "s-" + (n % 13),
                            null,
                            contract,
                            "1.0.0",
                            null,
                            null,
                            data.getBytes(StandardCharsets.UTF_8),
                            Map.of()));
                    (good ? valid : invalid).add(id);
                }
                raw.build(events, "crash-test", Instant.now().toString(), null).forEach(producer::send);
                producer.flush();
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
