package dev.waybill.relay.internal;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.ContractViolation;
import dev.waybill.contracts.DataContract;
import dev.waybill.contracts.ValidationResult;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Decides where one captured event goes: its contract's topic, or a dead-letter topic and why. */
final class Routing {

    /**
     * @param contract the contract version, when the event names a known one
     * @param reason {@code valid}, or the dead-letter reason code
     */
    record Decision(String topic, boolean deadLetter, String reason, String pointer, String message,
            Optional<DataContract> contract, String intendedTopic) {

        static Decision publish(DataContract contract) {
            return new Decision(contract.topic(), false, "valid", "", "", Optional.of(contract), contract.topic());
        }
    }

    private Routing() {}

    static Decision decide(OutboxRow row, ContractCatalog catalog, String defaultDeadLetterTopic) {
        if (row.contract() == null || row.schemaVersion() == null) {
            return deadLetter(Optional.empty(), defaultDeadLetterTopic, "malformed-event", "",
                    "the outbox row has no contract or schema version");
        }
        ValidationResult result = catalog.validate(row.contract(), row.schemaVersion(), row.payload());
        if (result instanceof ValidationResult.Valid valid) {
            return Decision.publish(valid.contract());
        }
        if (result instanceof ValidationResult.Invalid invalid) {
            List<ContractViolation> violations = invalid.violations();
            String message = violations.stream()
                    .map(v -> (v.pointer().isEmpty() ? "(payload)" : v.pointer()) + " " + v.keyword() + ": "
                            + v.message())
                    .collect(Collectors.joining("; "));
            return deadLetter(Optional.of(invalid.contract()), defaultDeadLetterTopic, result.reason(),
                    violations.get(0).pointer(), message);
        }
        if (result instanceof ValidationResult.MalformedPayload malformed) {
            return deadLetter(Optional.of(malformed.contract()), defaultDeadLetterTopic, result.reason(), "",
                    "payload " + malformed.problem());
        }
        if (result instanceof ValidationResult.RetiredVersion retired) {
            return deadLetter(Optional.of(retired.contract()), defaultDeadLetterTopic, result.reason(), "",
                    "contract " + retired.contract().coordinates() + " is retired; publish a current version");
        }
        if (result instanceof ValidationResult.NotYetActive draft) {
            return deadLetter(Optional.of(draft.contract()), defaultDeadLetterTopic, result.reason(), "",
                    "contract " + draft.contract().coordinates() + " is " + draft.contract().status().value()
                            + ", not active");
        }
        if (result instanceof ValidationResult.UnknownVersion unknown) {
            return deadLetter(Optional.empty(), defaultDeadLetterTopic, result.reason(), "",
                    "contract " + unknown.contractId() + " has no version " + unknown.version() + " (known: "
                            + String.join(", ", unknown.knownVersions()) + ")");
        }
        return deadLetter(Optional.empty(), defaultDeadLetterTopic, result.reason(), "",
                "no contract '" + row.contract() + "' is known");
    }

    /** The event is good, but its record is over Kafka's size limit. */
    static Decision tooLarge(Decision decision, String defaultDeadLetterTopic, String message) {
        return deadLetter(decision.contract(), defaultDeadLetterTopic, "record-too-large", "", message);
    }

    /** The row's own headers are unusable. */
    static Decision malformedHeaders(Decision decision, String defaultDeadLetterTopic, String message) {
        return deadLetter(decision.contract(), defaultDeadLetterTopic, "malformed-headers", "", message);
    }

    private static Decision deadLetter(Optional<DataContract> contract, String defaultDeadLetterTopic, String reason,
            String pointer, String message) {
        String topic = contract.flatMap(DataContract::deadLetterTopic).orElse(defaultDeadLetterTopic);
        String intended = contract.map(DataContract::topic).orElse("");
        return new Decision(topic, true, reason, pointer, message, contract, intended);
    }
}
