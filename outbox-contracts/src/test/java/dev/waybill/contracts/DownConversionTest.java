package dev.waybill.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.outbox.SemanticVersion;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code downConversion} custom property: what lint says about it, and what the catalog's conversion yields. */
class DownConversionTest {

    static final String ORDER = "orders.order-placed";
    static final String V1_PROPERTIES = """
            "orderId": {"type": "string"},
            "customerEmail": {"type": "string"},
            "totalAmount": {"type": "integer", "minimum": 0}""";
    static final String V2_PROPERTIES = """
            "id": {"type": "string"},
            "customerEmail": {"type": "string"},
            "amountCents": {"type": "integer"},
            "currency": {"type": "string", "enum": ["EUR", "USD"]}""";
    static final String CONVERSION = """
              - property: downConversion
                value:
                  toVersion: 1.1.0
                  jslt: |
                    {"orderId": .id, "customerEmail": .customerEmail, "totalAmount": .amountCents}
            """;

    @TempDir
    Path directory;

    private ContractFiles files() {
        return new ContractFiles(directory).version(ORDER, "1.1.0", V1_PROPERTIES, "\"orderId\", \"totalAmount\"");
    }

    private ContractFiles withV2(String customProperties) {
        return files().version(ORDER, "2.0.0", "active", ORDER + ".v2", V2_PROPERTIES, "\"id\"", customProperties);
    }

    @Test
    void declaredConversionIsReadIntoTheContract() {
        LintReport report = withV2(CONVERSION).lint();

        assertThat(report.problems()).isEmpty();
        DataContract v2 = report.contracts().stream()
                .filter(contract -> contract.version().major() == 2)
                .findFirst()
                .orElseThrow();
        assertThat(v2.downConversion()).hasValueSatisfying(conversion -> {
            assertThat(conversion.toVersion()).isEqualTo(SemanticVersion.parse("1.1.0"));
            assertThat(conversion.jslt()).contains("\"orderId\": .id");
        });
    }

    @Test
    void expressionThatDoesNotCompileIsReportedOnItsOwnLineWithJsltsPosition() {
        LintReport report = withV2("""
                  - property: downConversion
                    value:
                      toVersion: 1.1.0
                      jslt: |
                        {"orderId": .id,
                         "totalAmount": .amountCents +}
                """).lint();

        assertThat(report.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.source()).endsWith("2.0.0.odcs.yaml");
            assertThat(problem.field()).isEqualTo("customProperties[0].value.jslt");
            assertThat(problem.message()).startsWith("does not compile: ").contains("(line 2, column");
            assertThat(problem.line()).isEqualTo(lineOf(problem.source(), "\"totalAmount\": .amountCents +}"));
        });
    }

    @Test
    void importsAreRefused() {
        LintReport report = withV2("""
                  - property: downConversion
                    value:
                      toVersion: 1.1.0
                      jslt: |
                        import "helpers.jslt" as h
                        h:convert(.)
                """).lint();

        assertThat(report.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("customProperties[0].value.jslt");
            assertThat(problem.message())
                    .contains("import \"helpers.jslt\" is not allowed: a down-conversion is one expression");
        });
    }

    @Test
    void targetMustBeASemanticVersionOfALowerMajor() {
        LintReport sameMajor = withV2("""
                  - property: downConversion
                    value: {toVersion: 2.0.0, jslt: "{}"}
                """).lint();
        assertThat(sameMajor.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("customProperties[0].value.toVersion");
            assertThat(problem.message()).contains("'2.0.0' is not of a lower major than this version 2.0.0");
            assertThat(problem.line()).isPositive();
        });

        assertThat(new ContractFiles(directory.resolve("other"))
                        .version(ORDER, "2.0.0", "active", ORDER + ".v2", V2_PROPERTIES, "\"id\"", """
                                  - property: downConversion
                                    value: {toVersion: one, jslt: "{}", to: x}
                                """)
                        .lint()
                        .problems())
                .extracting(ContractProblem::field, ContractProblem::message)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "customProperties[0].value.to", "is not a downConversion key: use [jslt, toVersion]"),
                        org.assertj.core.groups.Tuple.tuple(
                                "customProperties[0].value.toVersion",
                                "'one' is not a semantic version (MAJOR.MINOR.PATCH, for example 1.1.0)"));
    }

    @Test
    void directoryLintChecksTheTargetExistsOnATopicOfItsOwn() {
        LintReport missing = withV2(CONVERSION.replace("1.1.0", "1.0.0")).lint();
        assertThat(missing.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("customProperties[0].value.toVersion");
            assertThat(problem.message())
                    .startsWith(
                            "names version 1.0.0 of orders.order-placed, which does not exist (known: 1.1.0, 2.0.0)");
            assertThat(problem.line()).isEqualTo(lineOf(problem.source(), "toVersion: 1.0.0"));
        });

        LintReport sameTopic = files().version(
                        ORDER, "2.0.0", "active", ORDER + ".v1", V2_PROPERTIES, "\"id\"", CONVERSION)
                .lint();
        assertThat(sameTopic.problems())
                .singleElement()
                .extracting(ContractProblem::message)
                .asString()
                .contains("whose topic orders.order-placed.v1 is this version's too");
    }

    @Test
    void validPayloadIsConvertedAndCheckedAgainstTheTarget() {
        ContractCatalog catalog = withV2(CONVERSION).load();

        DownConversionResult result = catalog.downConvert(
                        ORDER, "2.0.0", "{\"id\":\"o-1\",\"amountCents\":1250,\"currency\":\"EUR\"}")
                .orElseThrow();

        assertThat(result).isInstanceOf(DownConversionResult.Converted.class);
        DownConversionResult.Converted converted = (DownConversionResult.Converted) result;
        assertThat(converted.to().version()).hasToString("1.1.0");
        assertThat(converted.payload()).isEqualTo("{\"orderId\":\"o-1\",\"totalAmount\":1250}");
        assertThat(converted.validation().valid()).isTrue();
        assertThat(catalog.downConvert(ORDER, "1.1.0", "{}")).isEmpty();
    }

    @Test
    void convertedPayloadThatBreaksTheTargetIsInvalidWithThePointer() {
        ContractCatalog catalog = withV2(CONVERSION).load();

        DownConversionResult.Converted converted = (DownConversionResult.Converted)
                catalog.downConvert(ORDER, "2.0.0", "{\"id\":\"o-1\"}").orElseThrow();

        assertThat(converted.validation()).isInstanceOfSatisfying(ValidationResult.Invalid.class, invalid -> {
            assertThat(invalid.pointer()).isEqualTo("/totalAmount");
            assertThat(invalid.contract().version()).hasToString("1.1.0");
        });
    }

    @Test
    void expressionThatFailsOrYieldsNoObjectIsAFailureWithoutPiiValues() {
        ContractCatalog catalog = withV2("""
                  - property: downConversion
                    value:
                      toVersion: 1.1.0
                      jslt: |
                        if (.currency == "USD") error("cannot convert " + .customerEmail) else [.id]
                """).load();

        DownConversionResult failed = catalog.downConvert(
                        ORDER, "2.0.0", "{\"id\":\"o-1\",\"currency\":\"USD\",\"customerEmail\":\"jane@example.com\"}")
                .orElseThrow();
        assertThat(failed)
                .isInstanceOfSatisfying(
                        DownConversionResult.Failed.class,
                        failure -> assertThat(failure.message())
                                .startsWith("the conversion to 1.1.0 failed: ")
                                .contains("cannot convert [redacted]")
                                .doesNotContain("jane@example.com"));

        DownConversionResult array =
                catalog.downConvert(ORDER, "2.0.0", "{\"id\":\"o-1\"}").orElseThrow();
        assertThat(array)
                .isInstanceOfSatisfying(
                        DownConversionResult.Failed.class,
                        failure -> assertThat(failure.message())
                                .isEqualTo("the conversion to 1.1.0 yielded array, not a JSON object"));
    }

    @Test
    void retiredTargetGetsNoCopies() {
        ContractCatalog catalog = new ContractFiles(directory)
                .version(ORDER, "1.1.0", "retired", ORDER + ".v1", V1_PROPERTIES, "\"orderId\", \"totalAmount\"", "")
                .version(ORDER, "2.0.0", "active", ORDER + ".v2", V2_PROPERTIES, "\"id\"", CONVERSION)
                .load();

        assertThat(catalog.downConvert(ORDER, "2.0.0", "{\"id\":\"o-1\",\"amountCents\":1}"))
                .isEmpty();
    }

    private static int lineOf(String file, String text) {
        try {
            java.util.List<String> lines = java.nio.file.Files.readAllLines(Path.of(file));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i + 1;
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError(text + " is not in " + file);
    }
}
