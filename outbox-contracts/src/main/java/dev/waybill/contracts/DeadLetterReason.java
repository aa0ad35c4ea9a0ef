package dev.waybill.contracts;

import java.util.Locale;

/**
 * Why an event went to a dead-letter topic instead of its contract's topic. The {@link #code()} is what consumers
 * see in the {@code waybill_dlq_reason} header and what metrics are labelled with; it never changes for a reason
 * once released. The reasons table in {@code docs/relay.md} is checked against this enum by a test.
 */
public enum DeadLetterReason {
    CONTRACT_VIOLATION("the payload breaks its contract version's JSON Schema"),
    MALFORMED_PAYLOAD("the payload is not a JSON object"),
    UNKNOWN_CONTRACT("no contract has the event's id"),
    UNKNOWN_VERSION("the contract exists, not in that version (the message lists the known ones)"),
    RETIRED_VERSION("the version is `retired`"),
    VERSION_NOT_ACTIVE("the version is `draft` or `proposed` (and drafts are not accepted)"),
    MALFORMED_HEADERS("the event's own headers are not a JSON object of strings"),
    MALFORMED_EVENT("the event names no contract or no schema version"),
    RECORD_TOO_LARGE("the record is over the producer's `max.request.size` or the broker's limit: dead-lettered "
            + "without its value"),
    CONVERSION_FAILED("the copy for the previous major version (`downConversion`) could not be made: its JSLT "
            + "expression failed or did not yield a JSON object; the value is the new version's payload");

    private final String code;
    private final String meaning;

    DeadLetterReason(String meaning) {
        this.code = name().toLowerCase(Locale.ROOT).replace('_', '-');
        this.meaning = meaning;
    }

    /** The stable kebab-case code, for example {@code contract-violation}. */
    public String code() {
        return code;
    }

    /** When an event is dead-lettered for this reason, in one sentence for operators. */
    public String meaning() {
        return meaning;
    }

    @Override
    public String toString() {
        return code;
    }
}
