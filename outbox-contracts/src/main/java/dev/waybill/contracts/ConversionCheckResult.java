package dev.waybill.contracts;

import java.util.Objects;

/**
 * What {@code contracts check} found running one version's down-conversion on one generated example payload.
 *
 * @param example which example: {@code minimal}, {@code full}, or {@code full with <pointer> = <value>}
 * @param pointer where the converted payload breaks {@code toVersion} (or the example its own version), or {@code ""}
 * @param message what went wrong, or {@code ""} when it passed
 * @param payload the generated example, as JSON text
 */
public record ConversionCheckResult(
        String contractId,
        String fromVersion,
        String toVersion,
        String example,
        Outcome outcome,
        String pointer,
        String message,
        String payload) {

    /** How one example fared. */
    public enum Outcome {
        /** The converted example is valid against the target version. */
        PASSED,
        /** The conversion failed, or its output breaks the target version: a problem. */
        FAILED,
        /** The generator could not make an example its own version accepts: nothing was checked, not a problem. */
        NOT_GENERATED
    }

    public ConversionCheckResult {
        Objects.requireNonNull(contractId, "contractId");
        Objects.requireNonNull(fromVersion, "fromVersion");
        Objects.requireNonNull(toVersion, "toVersion");
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(payload, "payload");
    }

    /** {@code id from -> to: down-conversion of example '...': message}, the form of the other check problems. */
    @Override
    public String toString() {
        String head =
                contractId + " " + fromVersion + " -> " + toVersion + ": down-conversion of example '" + example + "'";
        return switch (outcome) {
            case PASSED -> head + " passed";
            case FAILED ->
                head + (pointer.isEmpty() ? "" : " at " + pointer) + ": " + message + " (example: " + payload + ")";
            case NOT_GENERATED -> head + " not checked: " + message;
        };
    }
}
