package dev.waybill.outbox;

/**
 * How {@link OutboxWriter} records an event in the business transaction. The relay captures both, so a service may
 * switch modes (or run instances in different modes) without touching the relay.
 */
public enum WriteMode {

    /**
     * A row in the outbox table (the default). The row stays until retention removes it, so events can be looked at
     * with SQL and re-published after a lost replication slot.
     */
    TABLE,

    /**
     * A transactional logical decoding message ({@code pg_logical_emit_message(true, ...)}): written to the WAL only,
     * decoded at commit and never if the transaction rolls back, with no heap row, no index entry and nothing for
     * retention to clean up. Cheaper for the writer (see docs/benchmarks.md), but nothing is left to inspect or to
     * re-publish if the replication slot is lost.
     */
    MESSAGE
}
