package dev.waybill.contracts;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What checking one payload against the catalog found: {@link Valid}, or one of the {@link Rejected} outcomes, each
 * its own type with its {@link DeadLetterReason}. None of them is an exception.
 */
public sealed interface ValidationResult {

    /** Whether the event may be published to its contract's topic. */
    default boolean valid() {
        return this instanceof Valid;
    }

    /** The contract version the event names, when the catalog knows it. */
    Optional<DataContract> knownContract();

    /** The payload follows the contract version, which is {@code active} or {@code deprecated}. */
    record Valid(DataContract contract) implements ValidationResult {
        @Override
        public Optional<DataContract> knownContract() {
            return Optional.of(contract);
        }
    }

    /** The event may not be published to its contract's topic; it is dead-lettered with this reason. */
    sealed interface Rejected extends ValidationResult {

        DeadLetterReason reason();

        /** What is wrong, for the dead-letter message and for errors; never contains a {@code pii} value. */
        String message();

        /** JSON pointer of the first offending value, or {@code ""}. */
        default String pointer() {
            return "";
        }
    }

    /** The payload breaks the contract version; every violation is listed. */
    record Invalid(DataContract contract, List<ContractViolation> violations) implements Rejected {
        public Invalid {
            violations = List.copyOf(violations);
            if (violations.isEmpty()) {
                throw new IllegalArgumentException("an invalid payload has at least one violation");
            }
        }

        @Override
        public Optional<DataContract> knownContract() {
            return Optional.of(contract);
        }

        @Override
        public DeadLetterReason reason() {
            return DeadLetterReason.CONTRACT_VIOLATION;
        }

        /** Every violation as {@code pointer keyword: message}, separated by {@code ; }. */
        @Override
        public String message() {
            return violations.stream()
                    .map(v -> (v.pointer().isEmpty() ? "(payload)" : v.pointer()) + " " + v.keyword() + ": "
                            + v.message())
                    .collect(Collectors.joining("; "));
        }

        @Override
        public String pointer() {
            return violations.get(0).pointer();
        }
    }

    /** The payload is not a JSON object, or not JSON at all. */
    record MalformedPayload(DataContract contract, String problem) implements Rejected {
        @Override
        public Optional<DataContract> knownContract() {
            return Optional.of(contract);
        }

        @Override
        public DeadLetterReason reason() {
            return DeadLetterReason.MALFORMED_PAYLOAD;
        }

        @Override
        public String message() {
            return "payload " + problem;
        }
    }

    /** No contract has this id. */
    record UnknownContract(String contractId) implements Rejected {
        @Override
        public Optional<DataContract> knownContract() {
            return Optional.empty();
        }

        @Override
        public DeadLetterReason reason() {
            return DeadLetterReason.UNKNOWN_CONTRACT;
        }

        @Override
        public String message() {
            return "no contract '" + contractId + "' is known";
        }
    }

    /** The contract exists but not in this version. */
    record UnknownVersion(String contractId, String version, List<String> knownVersions) implements Rejected {
        public UnknownVersion {
            knownVersions = List.copyOf(knownVersions);
        }

        @Override
        public Optional<DataContract> knownContract() {
            return Optional.empty();
        }

        @Override
        public DeadLetterReason reason() {
            return DeadLetterReason.UNKNOWN_VERSION;
        }

        @Override
        public String message() {
            return "contract " + contractId + " has no version " + version + " (known: "
                    + String.join(", ", knownVersions) + ")";
        }
    }

    /** The version is {@code retired}: its events are no longer accepted. */
    record RetiredVersion(DataContract contract) implements Rejected {
        @Override
        public Optional<DataContract> knownContract() {
            return Optional.of(contract);
        }

        @Override
        public DeadLetterReason reason() {
            return DeadLetterReason.RETIRED_VERSION;
        }

        @Override
        public String message() {
            return "contract " + contract.coordinates() + " is retired; publish a current version";
        }
    }

    /** The version is {@code draft} or {@code proposed}, and the catalog does not accept those (production). */
    record NotYetActive(DataContract contract) implements Rejected {
        @Override
        public Optional<DataContract> knownContract() {
            return Optional.of(contract);
        }

        @Override
        public DeadLetterReason reason() {
            return DeadLetterReason.VERSION_NOT_ACTIVE;
        }

        @Override
        public String message() {
            return "contract " + contract.coordinates() + " is "
                    + contract.status().value() + ", not active";
        }
    }
}
