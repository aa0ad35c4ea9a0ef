package dev.waybill.spring.boot.test;

import dev.waybill.testkit.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Reads what reached a topic, from its beginning, and waits for it: a test's view of what the relay published.
 *
 * <pre>{@code
 * List<PublishedEvent> events = PublishedEvents.on(kafka)
 *         .await("orders.order-created.v1", 1, event -> orderId.equals(event.key()));
 * assertThat(events.get(0).value()).contains("\"totalCents\":2500");
 * assertThat(events).extracting(PublishedEvent::contract).containsExactly("orders.order-created");
 * }</pre>
 *
 * <p>Every call uses a consumer of its own (a unique group id, nothing committed) that reads each partition of the
 * topic from the beginning, so it sees records published before the call too; a topic that does not exist yet is
 * waited for (the consumer never creates it). Topics outlive test classes and contexts on the shared broker: select
 * the records of the test (by key, for example) rather than counting all of them. Calls are thread-safe.
 */
public final class PublishedEvents {

    /** How long {@link #await} waits unless {@link #within(Duration)} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration POLL = Duration.ofMillis(100);

    private final String bootstrapServers;
    private final Duration timeout;

    private PublishedEvents(String bootstrapServers, Duration timeout) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Reads from the testkit's broker (inject the context's {@link TestKafka}, or use {@code Testkit.kafka()}). */
    public static PublishedEvents on(TestKafka kafka) {
        return on(kafka.bootstrapServers());
    }

    /** Reads from the broker at {@code bootstrapServers}. */
    public static PublishedEvents on(String bootstrapServers) {
        return new PublishedEvents(bootstrapServers, DEFAULT_TIMEOUT);
    }

    /** The same, waiting at most {@code timeout} in {@link #await}. */
    public PublishedEvents within(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        return new PublishedEvents(bootstrapServers, timeout);
    }

    /**
     * Waits until at least {@code count} records are on {@code topic} and returns all records read by then, in
     * partition and offset order.
     *
     * @throws AssertionError when fewer arrive within the timeout; the message says how many did, and which
     */
    public List<PublishedEvent> await(String topic, int count) {
        return await(topic, count, event -> true);
    }

    /**
     * Waits until at least {@code count} records on {@code topic} match {@code filter} and returns the matching
     * records read by then, in partition and offset order.
     *
     * @throws AssertionError when fewer match within the timeout; the message says how many did, and which
     */
    public List<PublishedEvent> await(String topic, int count, Predicate<? super PublishedEvent> filter) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        List<PublishedEvent> read = new ArrayList<>();
        List<PublishedEvent> matching = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers))) {
            Awaitility.await("records on " + topic)
                    .atMost(timeout)
                    .pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        for (PublishedEvent event : poll(consumer, topic)) {
                            read.add(event);
                            if (filter.test(event)) {
                                matching.add(event);
                            }
                        }
                        return matching.size() >= count;
                    });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(timeoutMessage(topic, count, timeout, read, matching), e);
        }
        return List.copyOf(sorted(matching));
    }

    /** The consumer settings: a unique group that commits nothing, and never creates a topic. */
    static Properties consumerProperties(String bootstrapServers) {
        Properties properties = new Properties();
        properties.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "waybill-published-events-" + UUID.randomUUID(),
                ConsumerConfig.CLIENT_ID_CONFIG,
                "waybill-published-events",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG,
                "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName()));
        return properties;
    }

    static String timeoutMessage(
            String topic, int count, Duration timeout, List<PublishedEvent> read, List<PublishedEvent> matching) {
        String seen = sorted(matching).stream()
                .limit(10)
                .map(event -> "  key=" + event.key() + " value=" + event.value())
                .collect(Collectors.joining("\n"));
        return "Expected at least " + count + " matching record(s) on topic " + topic + " within " + timeout
                + "; read " + read.size() + " record(s), " + matching.size() + " matching"
                + (seen.isEmpty() ? "" : ":\n" + seen);
    }

    private static List<PublishedEvent> poll(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        if (consumer.assignment().isEmpty()) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (partitions == null || partitions.isEmpty()) {
                sleep();
                return List.of();
            }
            List<TopicPartition> assigned = partitions.stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
        }
        List<PublishedEvent> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            events.add(PublishedEvent.of(record));
        }
        return events;
    }

    private static List<PublishedEvent> sorted(List<PublishedEvent> events) {
        List<PublishedEvent> copy = new ArrayList<>(events);
        copy.sort((a, b) -> a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        return copy;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
