package dev.waybill.jpa;

import dev.waybill.outbox.WaybillException;
import java.util.List;

/**
 * With {@code waybill.outbox.validation=enforce}, an event broke its contract; the flush fails and the transaction
 * must roll back. The message names the contract, the version and every violation.
 */
public final class OutboxContractException extends WaybillException {

    private final String contract;
    private final String version;
    private final List<String> violations;

    public OutboxContractException(String contract, String version, String subject, List<String> violations) {
        super("Outbox event " + subject + " breaks contract " + contract + " " + version + ": "
                + String.join("; ", violations));
        this.contract = contract;
        this.version = version;
        this.violations = List.copyOf(violations);
    }

    public String contract() {
        return contract;
    }

    public String version() {
        return version;
    }

    /** Each violation as {@code <json pointer> <keyword>: <message>}, or the reason the event was refused. */
    public List<String> violations() {
        return violations;
    }
}
