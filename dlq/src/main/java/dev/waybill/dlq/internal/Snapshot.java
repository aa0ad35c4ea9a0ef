package dev.waybill.dlq.internal;

import dev.waybill.outbox.WaybillException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads topics up to the end offsets seen when it opened, so a topic that keeps growing never keeps a command
 * running. Starts at the beginning, at a record time ({@code --from}), or where a replay's consumer group stopped.
 */
public final class Snapshot {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> ends;
    private final Set<TopicPartition> remaining;
    private final long alreadyHandled;

    private Snapshot(
            KafkaConsumer<byte[], byte[]> consumer,
            Map<TopicPartition, Long> ends,
            Set<TopicPartition> remaining,
            long alreadyHandled) {
        this.consumer = consumer;
        this.ends = ends;
        this.remaining = remaining;
        this.alreadyHandled = alreadyHandled;
    }

    /**
     * @param from where to start by record timestamp; empty: the beginning
     * @param resume start where the consumer's group committed, where it did (before {@code from})
     */
    public static Snapshot open(
            KafkaConsumer<byte[], byte[]> consumer, Collection<String> topics, Optional<Instant> from, boolean resume) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos == null || infos.isEmpty()) {
                throw new WaybillException("topic '" + topic + "' does not exist (--topic)");
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
        Map<TopicPartition, Long> starts = new HashMap<>(consumer.beginningOffsets(partitions));
        Map<TopicPartition, Long> beginnings = Map.copyOf(starts);
        if (from.isPresent()) {
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(partition -> times.put(partition, from.get().toEpochMilli()));
            consumer.offsetsForTimes(times)
                    .forEach((partition, found) ->
                            starts.put(partition, found == null ? ends.get(partition) : found.offset()));
        }
        long alreadyHandled = 0;
        if (resume) {
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                if (offset != null) {
                    alreadyHandled += Math.max(0, offset.offset() - beginnings.get(partition));
                    starts.put(partition, Math.max(offset.offset(), starts.get(partition)));
                }
            }
        }
        Set<TopicPartition> remaining = new HashSet<>();
        for (TopicPartition partition : partitions) {
            consumer.seek(partition, starts.get(partition));
            if (starts.get(partition) < ends.get(partition)) {
                remaining.add(partition);
            } else {
                consumer.pause(List.of(partition));
            }
        }
        return new Snapshot(consumer, ends, remaining, alreadyHandled);
    }

    /** Whether every partition has been read up to its end offset. */
    public boolean done() {
        return remaining.isEmpty();
    }

    /** The next records within the snapshot (possibly none). */
    public List<ConsumerRecord<byte[], byte[]>> poll() {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            if (record.offset() < ends.get(partition)) {
                records.add(record);
            }
        }
        for (TopicPartition partition : List.copyOf(remaining)) {
            if (consumer.position(partition) >= ends.get(partition)) {
                remaining.remove(partition);
                consumer.pause(List.of(partition));
            }
        }
        return records;
    }

    /** Records before the group's committed offsets, handled by an earlier run (with {@code resume}). */
    public long alreadyHandled() {
        return alreadyHandled;
    }

    /** The end offsets the snapshot reads up to. */
    public Map<TopicPartition, Long> ends() {
        return Map.copyOf(ends);
    }
}
