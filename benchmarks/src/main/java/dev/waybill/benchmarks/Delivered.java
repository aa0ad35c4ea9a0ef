package dev.waybill.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How many records reached some topics since it was opened, from their end offsets: the clock for a drain that stops
 * when the last record is in Kafka, whoever published it. No consumer group, nothing read.
 */
final class Delivered implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final long baseline;

    Delivered(String bootstrapServers, List<String> topics) {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", bootstrapServers);
        properties.setProperty("allow.auto.create.topics", "false");
        consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        for (String topic : topics) {
            for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
        }
        baseline = endOffsets();
    }

    long count() {
        return endOffsets() - baseline;
    }

    /**
     * Seconds from {@code start} ({@link System#nanoTime()}) until {@code records} arrived; {@code failure} names what
     * stopped the publisher (null while it runs).
     */
    double secondsUntil(long records, long start, Duration timeout, Supplier<String> failure)
            throws InterruptedException {
        long deadline = start + timeout.toNanos();
        while (true) {
            long count = count();
            long now = System.nanoTime();
            if (count >= records) {
                return (now - start) / 1e9;
            }
            String failed = failure.get();
            if (failed != null || now > deadline) {
                throw new IllegalStateException(count + " of " + records + " records in Kafka after "
                        + (now - start) / 1_000_000_000 + " s" + (failed == null ? "" : ": " + failed));
            }
            Thread.sleep(10);
        }
    }

    private long endOffsets() {
        long sum = 0;
        for (Map.Entry<TopicPartition, Long> end :
                consumer.endOffsets(partitions, Duration.ofSeconds(10)).entrySet()) {
            sum += end.getValue();
        }
        return sum;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
