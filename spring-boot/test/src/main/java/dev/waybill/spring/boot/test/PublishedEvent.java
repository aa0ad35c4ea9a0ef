package dev.waybill.spring.boot.test;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record read from a topic, with its key, value and headers as UTF-8 strings. The relay writes events in
 * CloudEvents 1.0 Kafka binary mode: the attributes are the headers {@code ce_id}, {@code ce_type},
 * {@code ce_subject}, ..., which {@link #id()}, {@link #type()}, {@link #subject()}, {@link #contract()} and
 * {@link #contractVersion()} read.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the offset in that partition
 * @param key the key (the event's aggregate id), or {@code null}
 * @param value the value (the payload's JSON), or {@code null}
 * @param headers every header, in record order (a repeated name keeps its last value)
 */
public record PublishedEvent(
        String topic, int partition, long offset, String key, String value, Map<String, String> headers) {

    public PublishedEvent {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The record as an event: bytes decoded as UTF-8. */
    public static PublishedEvent of(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), text(header.value()));
        }
        return new PublishedEvent(
                record.topic(), record.partition(), record.offset(), text(record.key()), text(record.value()), headers);
    }

    /** A header's value, or {@code null} when the record has none of that name. */
    public String header(String name) {
        return headers.get(name);
    }

    /** A CloudEvents attribute ({@code id}, {@code type}, {@code time}, ...): the header {@code ce_<attribute>}. */
    public String cloudEventAttribute(String attribute) {
        return headers.get("ce_" + attribute);
    }

    /** {@code ce_id}: the outbox event's id; consumers deduplicate on it. */
    public String id() {
        return cloudEventAttribute("id");
    }

    /** {@code ce_type}: the event type. */
    public String type() {
        return cloudEventAttribute("type");
    }

    /** {@code ce_subject}: the aggregate id. */
    public String subject() {
        return cloudEventAttribute("subject");
    }

    /** {@code ce_waybillcontract}: the contract the event names. */
    public String contract() {
        return cloudEventAttribute("waybillcontract");
    }

    /** {@code ce_waybillversion}: the contract version the event names. */
    public String contractVersion() {
        return cloudEventAttribute("waybillversion");
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
