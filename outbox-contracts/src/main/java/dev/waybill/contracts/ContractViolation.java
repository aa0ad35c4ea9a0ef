package dev.waybill.contracts;

import java.util.Objects;

/**
 * One way a payload breaks its contract.
 *
 * @param pointer JSON pointer to the offending value in the payload ({@code ""} for the whole payload)
 * @param keyword the JSON Schema keyword that failed, for example {@code required} or {@code pattern}
 * @param message a readable explanation; never contains the value of a property classified {@code pii}
 */
public record ContractViolation(String pointer, String keyword, String message) {

    public ContractViolation {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(keyword, "keyword");
        Objects.requireNonNull(message, "message");
    }
}
