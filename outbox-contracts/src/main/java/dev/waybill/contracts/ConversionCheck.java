package dev.waybill.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waybill.contracts.ConversionCheckResult.Outcome;
import dev.waybill.contracts.internal.ExampleGenerator;
import dev.waybill.contracts.internal.LocatedDocument;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Runs each declared down-conversion ({@link DataContract#downConversion()}) on example payloads generated from the
 * new version's JSON Schema, and checks what it yields against the target version: what {@code contracts check}
 * reports, before a relay meets a payload the conversion cannot handle. An example that its own version rejects is
 * reported as not generated, not as a problem: the schema was beyond the generator, not the conversion wrong.
 */
public final class ConversionCheck {

    private ConversionCheck() {}

    /**
     * @param versions every version known (directory and registry); a conversion whose target is not among them, or
     *     is {@code retired}, is not checked (lint reports a missing target)
     */
    public static List<ConversionCheckResult> check(Collection<DataContract> versions) {
        // Drafts and proposed versions are what a check is for: accept them.
        ContractCatalog catalog = ContractCatalog.of(versions).acceptingDrafts();
        List<ConversionCheckResult> results = new ArrayList<>();
        for (DataContract contract : catalog.contracts()) {
            if (contract.downConversion().isEmpty()) {
                continue;
            }
            JsonNode schema =
                    LocatedDocument.parseJson(contract.payloadSchema()).root();
            for (ExampleGenerator.Example example : ExampleGenerator.examples(schema)) {
                check(catalog, contract, example).ifPresent(results::add);
            }
        }
        return results;
    }

    private static Optional<ConversionCheckResult> check(
            ContractCatalog catalog, DataContract contract, ExampleGenerator.Example example) {
        String to = contract.downConversion().orElseThrow().toVersion().toString();
        String payload = example.payload().toString();
        ValidationResult own =
                catalog.validate(contract.id(), contract.version().toString(), example.payload());
        if (own instanceof ValidationResult.Rejected rejected) {
            return Optional.of(result(
                    contract,
                    to,
                    example,
                    Outcome.NOT_GENERATED,
                    rejected.pointer(),
                    "the example generator could not satisfy " + contract.version() + "'s schema (" + rejected.message()
                            + "); check this conversion with a payload of your own",
                    payload));
        }
        return catalog.downConvert(contract.id(), contract.version().toString(), example.payload())
                .map(conversion -> {
                    if (conversion instanceof DownConversionResult.Failed failed) {
                        return result(contract, to, example, Outcome.FAILED, "", failed.message(), payload);
                    }
                    ValidationResult converted = ((DownConversionResult.Converted) conversion).validation();
                    if (converted instanceof ValidationResult.Rejected rejected) {
                        return result(
                                contract,
                                to,
                                example,
                                Outcome.FAILED,
                                rejected.pointer(),
                                "the converted payload breaks " + to + ": " + rejected.message(),
                                payload);
                    }
                    return result(contract, to, example, Outcome.PASSED, "", "", payload);
                });
    }

    private static ConversionCheckResult result(
            DataContract contract,
            String to,
            ExampleGenerator.Example example,
            Outcome outcome,
            String pointer,
            String message,
            String payload) {
        return new ConversionCheckResult(
                contract.id(), contract.version().toString(), to, example.name(), outcome, pointer, message, payload);
    }
}
