package dev.waybill.relay.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Kafka headers in CloudEvents 1.0 Kafka binary mode: the {@code ce_} attributes, Waybill's extension attributes,
 * and the event's own headers ({@code traceparent} and the rest), which may not replace a {@code ce_} attribute.
 */
final class CloudEventHeaders {

    static final String SPEC_VERSION = "ce_specversion";
    static final String ID = "ce_id";
    static final String TYPE = "ce_type";
    static final String SOURCE = "ce_source";
    static final String TIME = "ce_time";
    static final String SUBJECT = "ce_subject";
    static final String DATA_SCHEMA = "ce_dataschema";
    static final String CONTENT_TYPE = "content-type";
    static final String CONTRACT = "ce_waybillcontract";
    static final String VERSION = "ce_waybillversion";
    static final String AGGREGATE_TYPE = "ce_waybillaggregatetype";
    static final String LSN = "ce_waybilllsn";
    static final String TX_ID = "ce_waybilltxid";
    static final String RELAY = "ce_waybillrelay";
    static final String RELAYED_AT = "ce_waybillrelayedat";
    static final String DLQ_REASON = "waybill_dlq_reason";
    static final String DLQ_POINTER = "waybill_dlq_pointer";
    static final String DLQ_MESSAGE = "waybill_dlq_message";
    static final String DLQ_TOPIC = "waybill_dlq_intended_topic";

    /** Kafka headers are bytes, but a dead-letter message should stay readable in a console. */
    private static final int MAX_MESSAGE_CHARS = 4000;

    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final byte[] SPEC_VERSION_1 = utf8("1.0");
    private static final byte[] JSON_CONTENT = utf8("application/json");

    // Encoded once: the same for every record this relay sends.
    private final byte[] source;
    private final byte[] relay;

    CloudEventHeaders(String source, String relay) {
        this.source = utf8(source);
        this.relay = utf8(relay);
    }

    /**
     * @param relayedAt when the relay handled the event, encoded (one value serves a whole batch)
     * @return the headers, or throws {@link IllegalArgumentException} when the row's own headers are not a JSON
     *     object (the event is then dead-lettered with reason {@code malformed-headers})
     */
    Headers of(OutboxRow row, byte[] relayedAt) {
        Map<String, String> own = eventHeaders(row.headers());
        // Every name is added once (event headers cannot use a ce_, waybill_ or content-type name), so add() is
        // enough: no lookup of what is already there.
        Headers headers = new RecordHeaders();
        headers.add(SPEC_VERSION, SPEC_VERSION_1);
        add(headers, ID, row.id());
        add(headers, TYPE, row.eventType());
        headers.add(SOURCE, source);
        add(headers, TIME, row.occurredAt());
        add(headers, SUBJECT, row.aggregateId());
        headers.add(CONTENT_TYPE, JSON_CONTENT);
        if (row.contract() != null && row.schemaVersion() != null) {
            add(headers, DATA_SCHEMA, "urn:waybill:contract:" + row.contract() + ":" + row.schemaVersion());
        }
        add(headers, CONTRACT, row.contract());
        add(headers, VERSION, row.schemaVersion());
        add(headers, AGGREGATE_TYPE, row.aggregateType());
        add(headers, LSN, Long.toString(row.lsn()));
        add(headers, TX_ID, Long.toString(row.txId()));
        headers.add(RELAY, relay);
        headers.add(RELAYED_AT, relayedAt);
        own.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("ce_") && !lower.equals(CONTENT_TYPE) && !lower.startsWith("waybill_")) {
                add(headers, name, value);
            }
        });
        return headers;
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Adds the dead-letter reason to a copy of {@code headers}. */
    static Headers deadLetter(Headers headers, String reason, String pointer, String message, String intendedTopic) {
        Headers copy = new RecordHeaders(headers.toArray());
        put(copy, DLQ_REASON, reason);
        put(copy, DLQ_POINTER, pointer);
        put(copy, DLQ_MESSAGE, message.length() > MAX_MESSAGE_CHARS
                ? message.substring(0, MAX_MESSAGE_CHARS) + "..."
                : message);
        put(copy, DLQ_TOPIC, intendedTopic);
        return copy;
    }

    private static Map<String, String> eventHeaders(String json) {
        if (json == null || json.isBlank() || json.equals("{}")) {
            return Map.of(); // the common case, without a parser
        }
        try (JsonParser parser = JSON_FACTORY.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the headers column is not a JSON object of strings");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (parser.nextToken() != JsonToken.VALUE_STRING) {
                    throw new IllegalArgumentException("header '" + name + "' is not a string");
                }
                headers.put(name, parser.getText());
            }
            return headers;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the headers column is not valid JSON");
        }
    }

    private static void add(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, utf8(value));
        }
    }

    private static void put(Headers headers, String name, String value) {
        if (value != null) {
            headers.remove(name);
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
