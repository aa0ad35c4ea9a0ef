package dev.waybill.contracts;

import java.util.Objects;

/**
 * A change between two versions of one contract that their version numbers do not allow.
 *
 * @param rule the kind of change ({@link SchemaChange#rule()}), or {@code major-without-new-topic}
 * @param pointer JSON pointer into the newer version's payload schema, or into its ODCS document for topic and key
 */
public record CompatibilityProblem(
        String contractId, String olderVersion, String newerVersion, String rule, String pointer, String message) {

    public CompatibilityProblem {
        Objects.requireNonNull(contractId, "contractId");
        Objects.requireNonNull(olderVersion, "olderVersion");
        Objects.requireNonNull(newerVersion, "newerVersion");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return contractId + " " + olderVersion + " -> " + newerVersion + ": " + rule + " at " + pointer + ": "
                + message;
    }
}
