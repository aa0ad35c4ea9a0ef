package dev.waybill.relay.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudEventHeaders() {}

    /**
     * @return the headers, or throws {@link IllegalArgumentException} when the row's own headers are not a JSON
     *     object (the event is then dead-lettered with reason {@code malformed-headers})
     */
    static Headers of(OutboxRow row, String source, String relay, Instant relayedAt) {
        Headers headers = new RecordHeaders();
        put(headers, SPEC_VERSION, "1.0");
        put(headers, ID, row.id());
        put(headers, TYPE, row.eventType());
        put(headers, SOURCE, source);
        put(headers, TIME, row.occurredAt());
        put(headers, SUBJECT, row.aggregateId());
        put(headers, CONTENT_TYPE, "application/json");
        if (row.contract() != null && row.schemaVersion() != null) {
            put(headers, DATA_SCHEMA, "urn:waybill:contract:" + row.contract() + ":" + row.schemaVersion());
        }
        put(headers, CONTRACT, row.contract());
        put(headers, VERSION, row.schemaVersion());
        put(headers, AGGREGATE_TYPE, row.aggregateType());
        put(headers, LSN, Long.toString(row.lsn()));
        put(headers, TX_ID, Long.toString(row.txId()));
        put(headers, RELAY, relay);
        put(headers, RELAYED_AT, relayedAt.toString());
        eventHeaders(row.headers()).forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.startsWith("ce_") && !lower.equals(CONTENT_TYPE) && !lower.startsWith("waybill_")) {
                put(headers, name, value);
            }
        });
        return headers;
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
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the headers column is not valid JSON");
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("the headers column is not a JSON object of strings");
        }
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            JsonNode value = header.getValue();
            if (!value.isTextual()) {
                throw new IllegalArgumentException("header '" + header.getKey() + "' is not a string");
            }
            headers.put(header.getKey(), value.asText());
        }
        return headers;
    }

    private static void put(Headers headers, String name, String value) {
        if (value != null) {
            headers.remove(name);
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
