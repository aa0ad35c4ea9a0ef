package dev.waybill.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.waybill.contracts.ConversionCheckResult.Outcome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConversionCheckTest {

    @TempDir
    Path directory;

    @Test
    void everyGeneratedExampleIsConvertedAndTheOnesThatBreakTheTargetAreReportedWithThePointer() {
        LintReport lint = ContractDirectory.at(ReferenceContractsTest.resource("migration"))
                .lint();
        assertThat(lint.problems()).isEmpty();

        List<ConversionCheckResult> results = ConversionCheck.check(lint.contracts());

        assertThat(results)
                .extracting(ConversionCheckResult::example, ConversionCheckResult::outcome)
                .containsExactly(
                        tuple("minimal", Outcome.PASSED),
                        tuple("full", Outcome.PASSED),
                        tuple("full with /total/currency = \"USD\"", Outcome.FAILED),
                        tuple("full with /total/currency = \"GBP\"", Outcome.FAILED),
                        tuple("full with /channel = \"app\"", Outcome.PASSED),
                        tuple("full with /channel = \"store\"", Outcome.PASSED),
                        tuple("full with /channel = \"marketplace\"", Outcome.PASSED));
        ConversionCheckResult usd = results.get(2);
        assertThat(usd.contractId()).isEqualTo("orders.order-placed");
        assertThat(usd.fromVersion()).isEqualTo("2.0.0");
        assertThat(usd.toVersion()).isEqualTo("1.1.0");
        assertThat(usd.pointer()).isEqualTo("/totalAmount");
        assertThat(usd.message()).startsWith("the converted payload breaks 1.1.0: /totalAmount required: ");
        assertThat(usd.toString())
                .startsWith("orders.order-placed 2.0.0 -> 1.1.0: down-conversion of example "
                        + "'full with /total/currency = \"USD\"' at /totalAmount: the converted payload breaks 1.1.0")
                .contains("(example: {\"orderId\":");
    }

    @Test
    void expressionThatThrowsFailsAndASchemaBeyondTheGeneratorIsSaidSo() {
        ContractFiles files = new ContractFiles(directory)
                .version(
                        DownConversionTest.ORDER,
                        "1.1.0",
                        DownConversionTest.V1_PROPERTIES,
                        "\"orderId\", \"totalAmount\"")
                .version(
                        DownConversionTest.ORDER,
                        "2.0.0",
                        "draft",
                        DownConversionTest.ORDER + ".v2",
                        DownConversionTest.V2_PROPERTIES,
                        "\"id\"",
                        """
                          - property: downConversion
                            value:
                              toVersion: 1.1.0
                              jslt: 'error("not yet")'
                        """)
                .version("billing.invoice", "1.0.0", "\"code\": {\"type\": \"string\"}", "\"code\"")
                .version(
                        "billing.invoice",
                        "2.0.0",
                        "active",
                        "billing.invoice.v2",
                        "\"code\": {\"type\": \"string\", \"pattern\": \"^[A-Z]{10}$\", \"maxLength\": 3}",
                        "\"code\"",
                        """
                          - property: downConversion
                            value: {toVersion: 1.0.0, jslt: "{\\"code\\": .code}"}
                        """);

        List<ConversionCheckResult> results = ConversionCheck.check(files.lint().contracts());

        assertThat(results)
                .filteredOn(result -> result.contractId().equals("billing.invoice"))
                .extracting(ConversionCheckResult::example, ConversionCheckResult::outcome)
                .containsExactly(tuple("minimal", Outcome.NOT_GENERATED), tuple("full", Outcome.NOT_GENERATED));
        assertThat(results.get(0).message())
                .startsWith("the example generator could not satisfy 2.0.0's schema (/code pattern: ");
        assertThat(results)
                .filteredOn(result -> result.contractId().equals(DownConversionTest.ORDER))
                .isNotEmpty()
                .allSatisfy(result -> {
                    assertThat(result.outcome()).isEqualTo(Outcome.FAILED);
                    assertThat(result.message()).isEqualTo("the conversion to 1.1.0 failed: error: not yet");
                });
    }
}
