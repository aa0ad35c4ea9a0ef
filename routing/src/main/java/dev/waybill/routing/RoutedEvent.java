package dev.waybill.routing;

import dev.waybill.contracts.DataContract;
import dev.waybill.contracts.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Where one captured event goes, and the Kafka record to send there.
 *
 * @param contract the contract version the event names, when the catalog knows it
 * @param rejection why the event is dead-lettered; empty when it goes to its contract's topic
 * @param key the aggregate id (UTF-8): one aggregate's events stay in one partition
 * @param value the payload as written (UTF-8); {@code null} for a record dead-lettered as too large
 * @param headers CloudEvents headers, the event's own, and on dead-lettered records the reason
 */
public record RoutedEvent(
        CapturedEvent event,
        Optional<DataContract> contract,
        Optional<Rejection> rejection,
        String topic,
        byte[] key,
        byte[] value,
        Headers headers) {

    /**
     * Why an event is dead-lettered.
     *
     * @param pointer JSON pointer of the first offending value, or {@code ""}
     * @param intendedTopic the contract's topic, or {@code ""} when the contract is unknown
     */
    public record Rejection(DeadLetterReason reason, String pointer, String message, String intendedTopic) {}

    public boolean deadLettered() {
        return rejection.isPresent();
    }

    /**
     * At least the size Kafka's producer counts for this record (batch overhead, the record's own varints, key,
     * value, headers), rounded up: what a deployment that cannot see the producer's refusal compares with
     * {@code max.request.size} to dead-letter the record as {@code record-too-large} before sending it.
     */
    public int sizeUpperBound() {
        long size = 61 + 21 + (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
        for (Header header : headers) {
            size += 10
                    + header.key().getBytes(StandardCharsets.UTF_8).length
                    + (header.value() == null ? 0 : header.value().length);
        }
        return (int) Math.min(Integer.MAX_VALUE, size);
    }
}
