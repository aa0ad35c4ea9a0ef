package dev.waybill.routing;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Builds a record's headers in one pass: CloudEvents 1.0 Kafka binary mode, Waybill's extension attributes, the
 * event's own headers (which may not take a reserved name), and the dead-letter reason when there is one. Values
 * that are the same for every record are encoded once.
 */
final class CloudEventsHeaders {

    /** Kafka headers are bytes, but a dead-letter message should stay readable in a console. */
    static final int MAX_MESSAGE_CHARS = 4000;

    private static final byte[] SPEC_VERSION_1 = utf8("1.0");
    private static final byte[] JSON_CONTENT = utf8("application/json");

    private final String defaultSource;
    private final byte[] defaultSourceBytes;
    private final byte[] instance;

    CloudEventsHeaders(String defaultSource, String instance) {
        this.defaultSource = defaultSource;
        this.defaultSourceBytes = utf8(defaultSource);
        this.instance = utf8(instance);
    }

    Headers build(CapturedEvent event, EventHeaders own, byte[] relayedAt, RoutedEvent.Rejection rejection) {
        // Every name is added once (event headers cannot take a reserved name), so add() is enough: no lookups.
        Headers headers = new RecordHeaders();
        headers.add(WaybillHeaders.SPEC_VERSION, SPEC_VERSION_1);
        add(headers, WaybillHeaders.ID, event.id());
        add(headers, WaybillHeaders.TYPE, event.eventType());
        headers.add(
                WaybillHeaders.SOURCE,
                event.source() == null || event.source().equals(defaultSource)
                        ? defaultSourceBytes
                        : utf8(event.source()));
        add(headers, WaybillHeaders.TIME, event.occurredAt());
        add(headers, WaybillHeaders.SUBJECT, event.aggregateId());
        headers.add(WaybillHeaders.CONTENT_TYPE, JSON_CONTENT);
        if (event.contract() != null && event.schemaVersion() != null) {
            add(
                    headers,
                    WaybillHeaders.DATA_SCHEMA,
                    WaybillHeaders.dataSchema(event.contract(), event.schemaVersion()));
        }
        add(headers, WaybillHeaders.CONTRACT, event.contract());
        add(headers, WaybillHeaders.VERSION, event.schemaVersion());
        add(headers, WaybillHeaders.AGGREGATE_TYPE, event.aggregateType());
        add(headers, WaybillHeaders.LSN, Long.toString(event.lsn()));
        add(headers, WaybillHeaders.TX_ID, Long.toString(event.txId()));
        headers.add(WaybillHeaders.RELAY, instance);
        headers.add(WaybillHeaders.RELAYED_AT, relayedAt);
        own.values().forEach((name, value) -> {
            if (!WaybillHeaders.reserved(name)) {
                add(headers, name, value);
            }
        });
        if (rejection != null) {
            addRejection(headers, rejection);
        }
        return headers;
    }

    /** A copy of {@code headers} whose dead-letter reason is {@code rejection}'s. */
    static Headers rejected(Headers headers, RoutedEvent.Rejection rejection) {
        Headers copy = new RecordHeaders(headers.toArray());
        copy.remove(WaybillHeaders.DLQ_REASON);
        copy.remove(WaybillHeaders.DLQ_POINTER);
        copy.remove(WaybillHeaders.DLQ_MESSAGE);
        copy.remove(WaybillHeaders.DLQ_INTENDED_TOPIC);
        addRejection(copy, rejection);
        return copy;
    }

    private static void addRejection(Headers headers, RoutedEvent.Rejection rejection) {
        String message = rejection.message();
        headers.add(WaybillHeaders.DLQ_REASON, utf8(rejection.reason().code()));
        headers.add(WaybillHeaders.DLQ_POINTER, utf8(rejection.pointer()));
        headers.add(
                WaybillHeaders.DLQ_MESSAGE,
                utf8(message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + "..." : message));
        headers.add(WaybillHeaders.DLQ_INTENDED_TOPIC, utf8(rejection.intendedTopic()));
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static void add(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, utf8(value));
        }
    }
}
