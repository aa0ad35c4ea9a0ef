package dev.waybill.dlq.internal;

import dev.waybill.routing.WaybillHeaders;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One dead-lettered record as read from its topic, with the relay's headers by name.
 *
 * @param timestamp the record's timestamp (when the relay produced it)
 * @param key the aggregate id, as bytes; {@code null} only for records no relay wrote
 * @param value the payload as written; {@code null} for {@code record-too-large}
 * @param headers every header, in record order, values as UTF-8 text
 */
public record DeadLetter(
        String topic, int partition, long offset, Instant timestamp, byte[] key, byte[] value, List<Header> headers) {

    public DeadLetter {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timestamp, "timestamp");
        headers = List.copyOf(headers);
    }

    public static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
        List<Header> headers = new ArrayList<>();
        record.headers().forEach(headers::add);
        return new DeadLetter(
                record.topic(),
                record.partition(),
                record.offset(),
                Instant.ofEpochMilli(record.timestamp()),
                record.key(),
                record.value(),
                headers);
    }

    /** {@code topic:partition:offset}, how commands name one record. */
    public String coordinates() {
        return topic + ":" + partition + ":" + offset;
    }

    /** The last value of a header as text, or {@code null}. */
    public String header(String name) {
        for (int i = headers.size() - 1; i >= 0; i--) {
            Header header = headers.get(i);
            if (header.key().equals(name)) {
                return header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    public String id() {
        return header(WaybillHeaders.ID);
    }

    public String contract() {
        return header(WaybillHeaders.CONTRACT);
    }

    public String version() {
        return header(WaybillHeaders.VERSION);
    }

    public String reason() {
        return header(WaybillHeaders.DLQ_REASON);
    }

    public String pointer() {
        return header(WaybillHeaders.DLQ_POINTER);
    }

    /**
     * When it was dead-lettered: the relay's {@code ce_waybillrelayedat}, else (a record some other tool wrote, or
     * an unreadable value) the record's timestamp.
     */
    public Instant deadLetteredAt() {
        String relayedAt = header(WaybillHeaders.RELAYED_AT);
        if (relayedAt != null) {
            try {
                return Instant.parse(relayedAt);
            } catch (DateTimeException e) {
                // Not the relay's format: the record's own timestamp is the next best answer.
            }
        }
        return timestamp;
    }

    public String keyText() {
        return key == null ? null : new String(key, StandardCharsets.UTF_8);
    }

    public String valueText() {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
