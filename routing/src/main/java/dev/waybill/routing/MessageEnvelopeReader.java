package dev.waybill.routing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.waybill.outbox.OutboxColumn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Reads the message envelope {@link OutboxColumn} defines, with the streaming parser: this runs for every event. */
final class MessageEnvelopeReader {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Map<String, OutboxColumn> ENVELOPE_MEMBERS = new HashMap<>();

    static {
        for (OutboxColumn column : OutboxColumn.values()) {
            if (column.inEnvelope()) {
                ENVELOPE_MEMBERS.put(column.column(), column);
            }
        }
    }

    private MessageEnvelopeReader() {}

    static CapturedEvent read(byte[] bytes, long lsn, long txId, long commitMillis) {
        String content = bytes == null ? "" : new String(bytes, StandardCharsets.UTF_8);
        CapturedEvent.Builder event = CapturedEvent.builder().position(lsn, txId, commitMillis);
        int end = content.indexOf(OutboxColumn.ENVELOPE_END);
        if (end <= 0 || !readEnvelope(content.substring(0, end), event)) {
            return CapturedEvent.builder()
                    .position(lsn, txId, commitMillis)
                    .column(OutboxColumn.PAYLOAD, content)
                    .build();
        }
        return event.column(OutboxColumn.PAYLOAD, content.substring(end + 1)).build();
    }

    /**
     * Copies the envelope's members into {@code event}; {@code headers} is kept as its JSON text, as a row's headers
     * column is. Unknown members are skipped (a newer writer may add some). False when it is not an envelope.
     */
    private static boolean readEnvelope(String json, CapturedEvent.Builder event) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                OutboxColumn column = ENVELOPE_MEMBERS.get(parser.currentName());
                JsonToken value = parser.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    if (column != null) {
                        event.column(column, json.substring(start, (int)
                                parser.currentLocation().getCharOffset()));
                    }
                } else if (column != null && value != JsonToken.VALUE_NULL) {
                    event.column(column, parser.getText());
                }
            }
            return parser.currentToken() == JsonToken.END_OBJECT;
        } catch (IOException e) {
            // Not JSON: not an envelope. The caller dead-letters the content as a malformed event.
            return false;
        }
    }
}
