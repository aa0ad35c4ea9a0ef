package dev.waybill.contracts;

import java.util.List;

/**
 * What checking one payload against the catalog found. Each outcome is its own type, so a caller (the relay) routes
 * with a {@code switch} and cannot forget one; none of them is an exception.
 */
public sealed interface ValidationResult {

    /** Whether the event may be published to its contract's topic. */
    default boolean valid() {
        return this instanceof Valid;
    }

    /** A stable, kebab-case reason code for dead-letter headers and metrics; {@code valid} for valid events. */
    String reason();

    /** The payload follows the contract version, which is {@code active} or {@code deprecated}. */
    record Valid(DataContract contract) implements ValidationResult {
        @Override
        public String reason() {
            return "valid";
        }
    }

    /** The payload breaks the contract version; every violation is listed. */
    record Invalid(DataContract contract, List<ContractViolation> violations) implements ValidationResult {
        public Invalid {
            violations = List.copyOf(violations);
        }

        @Override
        public String reason() {
            return "contract-violation";
        }
    }

    /** The payload is not a JSON object, or not JSON at all. */
    record MalformedPayload(DataContract contract, String problem) implements ValidationResult {
        @Override
        public String reason() {
            return "malformed-payload";
        }
    }

    /** No contract has this id. */
    record UnknownContract(String contractId) implements ValidationResult {
        @Override
        public String reason() {
            return "unknown-contract";
        }
    }

    /** The contract exists but not in this version. */
    record UnknownVersion(String contractId, String version, List<String> knownVersions) implements ValidationResult {
        public UnknownVersion {
            knownVersions = List.copyOf(knownVersions);
        }

        @Override
        public String reason() {
            return "unknown-version";
        }
    }

    /** The version is {@code retired}: its events are no longer accepted. */
    record RetiredVersion(DataContract contract) implements ValidationResult {
        @Override
        public String reason() {
            return "retired-version";
        }
    }

    /** The version is {@code draft} or {@code proposed}, and the catalog does not accept those (production). */
    record NotYetActive(DataContract contract) implements ValidationResult {
        @Override
        public String reason() {
            return "version-not-active";
        }
    }
}
