package dev.waybill.dlq.internal;

import dev.waybill.outbox.WaybillException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Finds one dead letter, by its position or by its event id. */
public final class Lookup {

    private Lookup() {}

    /**
     * The record at {@code topic:partition:offset}.
     *
     * @throws WaybillException when {@code coordinates} is not of that form
     */
    public static Optional<DeadLetter> at(KafkaConsumer<byte[], byte[]> consumer, String coordinates) {
        int last = coordinates.lastIndexOf(':');
        int middle = last < 0 ? -1 : coordinates.lastIndexOf(':', last - 1);
        TopicPartition partition;
        long offset;
        try {
            if (middle <= 0) {
                throw new NumberFormatException();
            }
            partition = new TopicPartition(
                    coordinates.substring(0, middle), Integer.parseInt(coordinates.substring(middle + 1, last)));
            offset = Long.parseLong(coordinates.substring(last + 1));
        } catch (NumberFormatException e) {
            throw new WaybillException("'" + coordinates + "' is not <topic>:<partition>:<offset>, e.g. "
                    + "waybill.dead-letter:0:42 (or use --id <event id>)");
        }
        if (consumer.partitionsFor(partition.topic()).stream()
                .noneMatch(info -> info.partition() == partition.partition())) {
            throw new WaybillException(
                    "no partition " + partition.partition() + " of topic '" + partition.topic() + "' exists");
        }
        consumer.assign(List.of(partition));
        Map<TopicPartition, Long> ends = consumer.endOffsets(List.of(partition));
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(List.of(partition));
        if (offset < beginnings.get(partition) || offset >= ends.get(partition)) {
            return Optional.empty();
        }
        consumer.seek(partition, offset);
        while (consumer.position(partition) < ends.get(partition)) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() == offset) {
                    return Optional.of(DeadLetter.of(record));
                }
                if (record.offset() > offset) {
                    // A transaction marker or a compacted record was there.
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /** The first dead letter in {@code topics} whose {@code ce_id} is {@code id}. */
    public static Optional<DeadLetter> byId(
            KafkaConsumer<byte[], byte[]> consumer, List<String> topics, Optional<Instant> from, String id) {
        Snapshot snapshot = Snapshot.open(consumer, topics, from, false);
        while (!snapshot.done()) {
            for (ConsumerRecord<byte[], byte[]> record : snapshot.poll()) {
                DeadLetter letter = DeadLetter.of(record);
                if (id.equals(letter.id())) {
                    return Optional.of(letter);
                }
            }
        }
        return Optional.empty();
    }
}
