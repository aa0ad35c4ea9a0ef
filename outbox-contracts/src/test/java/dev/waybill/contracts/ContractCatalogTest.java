package dev.waybill.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContractCatalogTest {

    private static final String ORDER = "orders.order-placed";
    private static final String VALID = """
            {"orderId":"ORD-000123","customerEmail":"jane@example.com","totalAmount":1250,
             "occurredAt":"2026-11-26T10:15:30Z"}""";

    private final ContractCatalog catalog = ContractDirectory.at(ReferenceContractsTest.resource("contracts/reference"))
            .load();

    @Test
    void validPayloadIsValidForItsVersion() {
        ValidationResult result = catalog.validate(ORDER, "1.0.0", VALID);

        assertThat(result).isInstanceOf(ValidationResult.Valid.class);
        assertThat(result.valid()).isTrue();
        assertThat(((ValidationResult.Valid) result).contract().topic()).isEqualTo("orders.order-placed.v1");
    }

    @Test
    void everyViolationIsListedWithPointerAndKeyword() {
        ValidationResult result = catalog.validate(ORDER, "1.0.0", """
                {"orderId":"12345","totalAmount":-5,"occurredAt":"yesterday","coupon":"X"}""");

        assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
        assertThat(((ValidationResult.Invalid) result).reason()).isEqualTo(DeadLetterReason.CONTRACT_VIOLATION);
        List<ContractViolation> violations = ((ValidationResult.Invalid) result).violations();
        assertThat(violations)
                .extracting(ContractViolation::pointer, ContractViolation::keyword)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("/orderId", "pattern"),
                        org.assertj.core.groups.Tuple.tuple("/totalAmount", "minimum"),
                        org.assertj.core.groups.Tuple.tuple("/occurredAt", "format"),
                        org.assertj.core.groups.Tuple.tuple("/coupon", "additionalProperties"));
        assertThat(violations)
                .allSatisfy(violation -> assertThat(violation.message()).isNotBlank());
    }

    @Test
    void missingRequiredPropertyPointsAtTheProperty() {
        ValidationResult result = catalog.validate(
                ORDER, "1.0.0", "{\"orderId\":\"ORD-000123\"," + "\"occurredAt\":\"2026-11-26T10:15:30Z\"}");

        assertThat(((ValidationResult.Invalid) result).violations())
                .singleElement()
                .satisfies(violation -> {
                    assertThat(violation.pointer()).isEqualTo("/totalAmount");
                    assertThat(violation.keyword()).isEqualTo("required");
                    assertThat(violation.message()).contains("totalAmount");
                });
    }

    @Test
    void formatAssertionsAreOn() {
        ValidationResult result = catalog.validate(ORDER, "1.0.0", VALID.replace("jane@example.com", "not-an-email"));
        assertThat(((ValidationResult.Invalid) result).violations())
                .extracting(ContractViolation::pointer, ContractViolation::keyword)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/customerEmail", "format"));
    }

    @Test
    void valuesOfPiiPropertiesNeverAppearInMessages() {
        String secret = "jane.doe.secret@@example";
        ValidationResult result = catalog.validate(ORDER, "1.0.0", VALID.replace("jane@example.com", secret));

        ContractViolation violation =
                ((ValidationResult.Invalid) result).violations().get(0);
        assertThat(violation.pointer()).isEqualTo("/customerEmail");
        assertThat(violation.message()).doesNotContain(secret).contains("redacted");
    }

    @Test
    void piiValueQuotedInAnotherPropertysMessageIsRedactedToo() {
        // A wrong type on a non-pii property whose value equals the pii value must not leak it either.
        String secret = "jane@example.com";
        ValidationResult result =
                catalog.validate(ORDER, "1.0.0", VALID.replace("\"ORD-000123\"", "\"" + secret + "\""));
        assertThat(((ValidationResult.Invalid) result).violations())
                .allSatisfy(violation -> assertThat(violation.message()).doesNotContain(secret));
    }

    @Test
    void unknownContractUnknownVersionAndMalformedPayloadAreDistinctResults() {
        assertThat(catalog.validate("orders.nope", "1.0.0", VALID))
                .isEqualTo(new ValidationResult.UnknownContract("orders.nope"));
        assertThat(catalog.validate(ORDER, "9.0.0", VALID))
                .isEqualTo(new ValidationResult.UnknownVersion(ORDER, "9.0.0", List.of("1.0.0", "1.1.0")));
        assertThat(catalog.validate(ORDER, "1.0.0", "{\"orderId\":"))
                .isInstanceOfSatisfying(
                        ValidationResult.MalformedPayload.class,
                        malformed -> assertThat(malformed.problem()).startsWith("is not valid JSON"));
        assertThat(catalog.validate(ORDER, "1.0.0", "[1,2]"))
                .isInstanceOfSatisfying(
                        ValidationResult.MalformedPayload.class,
                        malformed -> assertThat(malformed.problem()).isEqualTo("must be a JSON object, found array"));
    }

    @Test
    void retiredVersionIsItsOwnResultAndDraftsOnlyPassWhenAccepted(@TempDir Path root) {
        String properties = "\"id\": {\"type\": \"string\"}";
        ContractCatalog statuses = new ContractFiles(root)
                .version("s.retired", "1.0.0", "retired", "s.retired.v1", properties, "\"id\"", "")
                .version("s.draft", "1.0.0", "draft", "s.draft.v1", properties, "\"id\"", "")
                .version("s.deprecated", "1.0.0", "deprecated", "s.deprecated.v1", properties, "\"id\"", "")
                .load();
        String payload = "{\"id\":\"1\"}";

        assertThat(statuses.validate("s.retired", "1.0.0", payload))
                .isInstanceOf(ValidationResult.RetiredVersion.class)
                .extracting(result -> ((ValidationResult.Rejected) result).reason())
                .isEqualTo(DeadLetterReason.RETIRED_VERSION);
        assertThat(statuses.validate("s.draft", "1.0.0", payload)).isInstanceOf(ValidationResult.NotYetActive.class);
        assertThat(statuses.acceptingDrafts()
                        .validate("s.draft", "1.0.0", payload)
                        .valid())
                .isTrue();
        assertThat(statuses.validate("s.deprecated", "1.0.0", payload).valid()).isTrue();
    }

    @Test
    void catalogListsVersionsOldestFirst() {
        assertThat(catalog.contractIds()).containsExactly(ORDER);
        assertThat(catalog.versions(ORDER))
                .extracting(contract -> contract.version().toString())
                .containsExactly("1.0.0", "1.1.0");
        assertThat(catalog.find(ORDER, "1.1.0")).isPresent();
        assertThat(catalog.size()).isEqualTo(2);
    }

    @Test
    void sameVersionTwiceIsRefused() {
        DataContract contract = catalog.versions(ORDER).get(0);
        assertThatThrownBy(() -> ContractCatalog.of(List.of(contract, contract)))
                .isInstanceOf(ContractException.class)
                .hasMessageContaining("orders.order-placed@1.0.0 is defined twice");
    }
}
