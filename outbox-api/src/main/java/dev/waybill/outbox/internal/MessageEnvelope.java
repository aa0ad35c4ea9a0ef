package dev.waybill.outbox.internal;

import dev.waybill.outbox.OutboxColumn;
import dev.waybill.outbox.OutboxEvent;

/**
 * The content of a logical decoding message that carries one event, in the format {@link OutboxColumn} defines.
 * Built here rather than in SQL so the database only appends it to the WAL; {@link OutboxEvent} has already checked
 * every part.
 */
public final class MessageEnvelope {

    private MessageEnvelope() {}

    public static String of(OutboxEvent event) {
        StringBuilder content = new StringBuilder(256 + event.payload().length()).append('{');
        for (OutboxColumn column : OutboxColumn.values()) {
            if (!column.inEnvelope()) {
                continue;
            }
            if (content.length() > 1) {
                content.append(',');
            }
            JsonText.string(content, column.column()).append(':');
            if (column == OutboxColumn.HEADERS) {
                content.append(JsonText.object(event.headers()));
            } else {
                JsonText.string(content, column.valueOf(event));
            }
        }
        return content.append('}')
                .append(OutboxColumn.ENVELOPE_END)
                .append(event.payload())
                .toString();
    }
}
