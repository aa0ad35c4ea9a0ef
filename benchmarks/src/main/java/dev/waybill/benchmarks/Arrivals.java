package dev.waybill.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every record of a few fresh topics from their beginning, on its own thread, and notes when the first one
 * arrived, when the count reached a number, and when a record first arrived soon after its commit. Keys
 * {@code ORD-<n>} look up the commit time of event {@code n}, where the writer noted one.
 */
final class Arrivals implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicLongArray committedAt;
    private final long soonNanos;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong firstNanos = new AtomicLong();
    private final AtomicLong soonAfterCommitNanos = new AtomicLong();
    private final AtomicLong[] reachedNanos;
    private final long[] targets;
    private final Thread thread;

    /**
     * Creates {@code topics} (one partition each, as the broker would) and starts reading them. {@code committedAt}
     * may be null when no record's commit time is known; {@code counts} are the numbers whose arrival time to note.
     */
    Arrivals(String bootstrapServers, List<String> topics, AtomicLongArray committedAt, Duration soon, long... counts)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            admin.createTopics(topics.stream()
                            .map(topic -> new NewTopic(topic, 1, (short) 1))
                            .toList())
                    .all()
                    .get();
        }
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", bootstrapServers);
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            partitions.add(new TopicPartition(topic, 0));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.committedAt = committedAt;
        this.soonNanos = soon.toNanos();
        this.targets = counts.clone();
        this.reachedNanos = new AtomicLong[counts.length];
        for (int i = 0; i < counts.length; i++) {
            reachedNanos[i] = new AtomicLong();
        }
        thread = new Thread(this::read, "arrivals");
        thread.start();
    }

    private void read() {
        while (running.get()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                long now = System.nanoTime();
                firstNanos.compareAndSet(0, now);
                long total = count.incrementAndGet();
                for (int i = 0; i < targets.length; i++) {
                    if (total == targets[i]) {
                        reachedNanos[i].set(now);
                    }
                }
                if (committedAt != null && soonAfterCommitNanos.get() == 0) {
                    long committed = committedAt(record);
                    if (committed != 0 && now - committed <= soonNanos) {
                        soonAfterCommitNanos.set(now);
                    }
                }
            }
        }
    }

    private long committedAt(ConsumerRecord<byte[], byte[]> record) {
        String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
        if (!key.startsWith("ORD-")) {
            return 0;
        }
        int event = Integer.parseInt(key.substring("ORD-".length()));
        return event < committedAt.length() ? committedAt.get(event) : 0;
    }

    long count() {
        return count.get();
    }

    /** When the first record arrived; 0 before. */
    long firstNanos() {
        return firstNanos.get();
    }

    /** When the count reached {@code counts[index]} of the constructor; 0 before. */
    long reachedNanos(int index) {
        return reachedNanos[index].get();
    }

    /** When a record first arrived within {@code soon} of its commit; 0 before. */
    long soonAfterCommitNanos() {
        return soonAfterCommitNanos.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
        consumer.close();
    }
}
