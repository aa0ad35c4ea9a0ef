package dev.waybill.routing;

import dev.waybill.outbox.OutboxColumn;

/**
 * One outbox event as a deployment captured it: the row's (or message envelope's) columns as text, exactly as
 * written, and where it was captured. Nothing here is checked: a missing contract, a payload that is not JSON or
 * headers that are not a JSON object are for {@link EventRouter} to dead-letter, not to throw.
 *
 * @param headers the event's own headers as the JSON text of a string map ({@code null} or {@code {}} for none)
 * @param occurredAt the {@code occurred_at} column as ISO-8601 text
 * @param source the CloudEvents {@code source}, or {@code null} for the router's
 *     ({@link EventRouter.Builder#source(String)})
 * @param lsn the WAL position of the change, or the offset it was read at; {@code 0} when there is none
 * @param txId the transaction id, {@code 0} when there is none
 * @param commitMillis when its transaction committed (epoch milliseconds): the start of the commit-to-acknowledgement
 *     latency; {@code 0} when unknown
 */
public record CapturedEvent(
        String id,
        String contract,
        String schemaVersion,
        String aggregateType,
        String aggregateId,
        String eventType,
        String payload,
        String headers,
        String occurredAt,
        String source,
        long lsn,
        long txId,
        long commitMillis) {

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a logical decoding message written in {@code WriteMode.MESSAGE}: its envelope of columns, then the
     * payload. Content that is not an envelope (someone else's message under the outbox's prefix) becomes an event
     * without a contract, with the whole content as its payload, which routing dead-letters as
     * {@code malformed-event}.
     */
    public static CapturedEvent fromMessage(byte[] content, long lsn, long txId, long commitMillis) {
        return MessageEnvelopeReader.read(content, lsn, txId, commitMillis);
    }

    /** The value of one column of the outbox row format, as captured. */
    public String column(OutboxColumn column) {
        return switch (column) {
            case ID -> id;
            case CONTRACT -> contract;
            case SCHEMA_VERSION -> schemaVersion;
            case AGGREGATE_TYPE -> aggregateType;
            case AGGREGATE_ID -> aggregateId;
            case EVENT_TYPE -> eventType;
            case PAYLOAD -> payload;
            case HEADERS -> headers;
            case OCCURRED_AT -> occurredAt;
        };
    }

    /** Builds a captured event column by column, as readers of rows and envelopes do. */
    public static final class Builder {
        private final String[] columns = new String[OutboxColumn.values().length];
        private String source;
        private long lsn;
        private long txId;
        private long commitMillis;

        private Builder() {}

        public Builder column(OutboxColumn column, String value) {
            columns[column.ordinal()] = value;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** Where in the stream the event was captured. */
        public Builder position(long lsn, long txId, long commitMillis) {
            this.lsn = lsn;
            this.txId = txId;
            this.commitMillis = commitMillis;
            return this;
        }

        public CapturedEvent build() {
            return new CapturedEvent(
                    value(OutboxColumn.ID),
                    value(OutboxColumn.CONTRACT),
                    value(OutboxColumn.SCHEMA_VERSION),
                    value(OutboxColumn.AGGREGATE_TYPE),
                    value(OutboxColumn.AGGREGATE_ID),
                    value(OutboxColumn.EVENT_TYPE),
                    value(OutboxColumn.PAYLOAD),
                    value(OutboxColumn.HEADERS),
                    value(OutboxColumn.OCCURRED_AT),
                    source,
                    lsn,
                    txId,
                    commitMillis);
        }

        private String value(OutboxColumn column) {
            return columns[column.ordinal()];
        }
    }
}
