package dev.waybill.collector.validate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.waybill.collector.internal.CollectorHeaders;
import dev.waybill.outbox.OutboxColumn;
import dev.waybill.routing.CapturedEvent;
import dev.waybill.routing.WaybillHeaders;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A raw record as the routing core's {@link CapturedEvent}: the CloudEvents headers the collector wrote become the
 * outbox columns ({@code ce_id} the id, {@code ce_subject} the aggregate id...), the value the payload, and the raw
 * record's offset the position ({@code ce_waybilllsn}); headers that are not CloudEvents attributes (e.g.
 * {@code traceparent}) travel as the event's own headers.
 */
final class RawEvents {

    private static final JsonFactory JSON = new JsonFactory();

    /** Headers of the raw record that the routed record carries on, as they are. */
    static final List<String> CARRIED = List.of(
            CollectorHeaders.COLLECTOR,
            CollectorHeaders.RECEIVED_AT,
            CollectorHeaders.PRODUCER,
            CollectorHeaders.CLIENT_ADDRESS);

    /** Attributes the routing core writes itself from the captured event. */
    private static final Set<String> ROUTED = Set.of(
            WaybillHeaders.SPEC_VERSION,
            WaybillHeaders.ID,
            WaybillHeaders.TYPE,
            WaybillHeaders.SOURCE,
            WaybillHeaders.TIME,
            WaybillHeaders.SUBJECT,
            WaybillHeaders.DATA_SCHEMA,
            WaybillHeaders.CONTENT_TYPE,
            WaybillHeaders.CONTRACT,
            WaybillHeaders.VERSION,
            WaybillHeaders.AGGREGATE_TYPE,
            WaybillHeaders.LSN,
            WaybillHeaders.TX_ID,
            WaybillHeaders.RELAY,
            WaybillHeaders.RELAYED_AT);

    private RawEvents() {}

    static CapturedEvent captured(byte[] key, byte[] value, Headers headers, long offset, long timestamp) {
        String subject = text(headers, WaybillHeaders.SUBJECT);
        if (subject == null && key != null) {
            subject = new String(key, StandardCharsets.UTF_8);
        }
        String time = text(headers, WaybillHeaders.TIME);
        return CapturedEvent.builder()
                .column(OutboxColumn.ID, text(headers, WaybillHeaders.ID))
                .column(OutboxColumn.CONTRACT, text(headers, WaybillHeaders.CONTRACT))
                .column(OutboxColumn.SCHEMA_VERSION, text(headers, WaybillHeaders.VERSION))
                .column(OutboxColumn.AGGREGATE_TYPE, text(headers, WaybillHeaders.AGGREGATE_TYPE))
                .column(OutboxColumn.AGGREGATE_ID, subject)
                .column(OutboxColumn.EVENT_TYPE, text(headers, WaybillHeaders.TYPE))
                .column(OutboxColumn.PAYLOAD, value == null ? null : new String(value, StandardCharsets.UTF_8))
                .column(OutboxColumn.HEADERS, ownHeaders(headers))
                .column(OutboxColumn.OCCURRED_AT, time != null ? time : text(headers, CollectorHeaders.RECEIVED_AT))
                .source(text(headers, WaybillHeaders.SOURCE))
                .position(offset, 0, timestamp)
                .build();
    }

    /**
     * Adds to the routed record's headers what the routing core does not write: the collector's headers and the
     * event's further CloudEvents extension attributes ({@code ce_*}).
     */
    static void carryOver(Headers raw, Headers routed) {
        for (Header header : raw) {
            String name = header.key();
            boolean carried = CARRIED.contains(name)
                    || (name.startsWith("ce_") && !ROUTED.contains(name) && !name.startsWith("ce_waybill"));
            if (carried && routed.lastHeader(name) == null) {
                routed.add(name, header.value());
            }
        }
    }

    /** The raw record's headers that are neither CloudEvents attributes nor Waybill's, as a JSON object. */
    private static String ownHeaders(Headers headers) {
        StringWriter text = new StringWriter();
        boolean any = false;
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            for (Header header : headers) {
                if (WaybillHeaders.reserved(header.key()) || header.value() == null) {
                    continue;
                }
                json.writeStringField(header.key(), new String(header.value(), StandardCharsets.UTF_8));
                any = true;
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return any ? text.toString() : null;
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
