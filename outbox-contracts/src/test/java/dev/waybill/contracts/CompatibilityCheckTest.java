package dev.waybill.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompatibilityCheckTest {

    private static final String ID = "billing.invoice-issued";
    private static final String V1 = "\"id\": {\"type\": \"string\"}, \"amount\": {\"type\": \"integer\"}";
    private static final String V1_REQUIRED = "\"id\", \"amount\"";

    @TempDir
    Path root;

    private List<CompatibilityProblem> check(ContractFiles files) {
        LintReport report = files.lint();
        assertThat(report.problems()).as("fixture contracts lint clean").isEmpty();
        return CompatibilityCheck.check(report.contracts());
    }

    @Test
    void optionalPropertyAddedUnderAMinorBumpIsAllowed() {
        ContractFiles files = new ContractFiles(root)
                .version(ID, "1.0.0", V1, V1_REQUIRED)
                .version(ID, "1.1.0", V1 + ", \"note\": {\"type\": \"string\"}", V1_REQUIRED);
        assertThat(check(files)).isEmpty();
    }

    @Test
    void optionalPropertyAddedUnderAPatchBumpNeedsAMinorBump() {
        ContractFiles files = new ContractFiles(root)
                .version(ID, "1.0.0", V1, V1_REQUIRED)
                .version(ID, "1.0.1", V1 + ", \"note\": {\"type\": \"string\"}", V1_REQUIRED);

        assertThat(check(files)).singleElement().satisfies(problem -> {
            assertThat(problem.rule()).isEqualTo("optional-property-added");
            assertThat(problem.pointer()).isEqualTo("/properties/note");
            assertThat(problem.olderVersion()).isEqualTo("1.0.0");
            assertThat(problem.newerVersion()).isEqualTo("1.0.1");
            assertThat(problem.message()).contains("needs at least a minor version bump");
        });
    }

    @Test
    void descriptionOnlyChangeUnderAPatchBumpIsAllowed() {
        ContractFiles files = new ContractFiles(root)
                .version(ID, "1.0.0", V1, V1_REQUIRED)
                .version(
                        ID,
                        "1.0.1",
                        V1.replace("\"integer\"}", "\"integer\", \"description\": \"cents\"}"),
                        V1_REQUIRED);
        assertThat(check(files)).isEmpty();
    }

    @Test
    void requiredPropertyAddedUnderAMinorBumpIsBreaking() {
        ContractFiles files = new ContractFiles(root)
                .version(ID, "1.0.0", V1, V1_REQUIRED)
                .version(ID, "1.1.0", V1 + ", \"currency\": {\"type\": \"string\"}", V1_REQUIRED + ", \"currency\"");

        assertThat(check(files)).singleElement().satisfies(problem -> {
            assertThat(problem.rule()).isEqualTo("required-property-added");
            assertThat(problem.pointer()).isEqualTo("/properties/currency");
            assertThat(problem.message()).contains("a breaking change needs a new major version");
        });
    }

    @Test
    void typeChangeUnderAPatchBumpIsBreaking() {
        ContractFiles files = new ContractFiles(root)
                .version(ID, "1.0.0", V1, V1_REQUIRED)
                .version(ID, "1.0.1", V1.replace("\"integer\"", "\"number\""), V1_REQUIRED);
        assertThat(check(files)).extracting(CompatibilityProblem::rule).containsExactly("type-changed");
    }

    @Test
    void breakingChangeWithANewMajorAndANewTopicIsAllowed() {
        ContractFiles files = new ContractFiles(root)
                .version(ID, "1.0.0", V1, V1_REQUIRED)
                .version(ID, "2.0.0", V1.replace("\"integer\"", "\"number\""), V1_REQUIRED);
        assertThat(check(files)).isEmpty();
    }

    @Test
    void newMajorOnTheOldTopicIsRefusedWithASuggestion() {
        ContractFiles files = new ContractFiles(root)
                .version(ID, "1.0.0", V1, V1_REQUIRED)
                .version(ID, "2.0.0", "active", ID + ".v1", V1.replace("\"integer\"", "\"number\""), V1_REQUIRED, "");

        assertThat(check(files)).singleElement().satisfies(problem -> {
            assertThat(problem.rule()).isEqualTo("major-without-new-topic");
            assertThat(problem.message()).contains("a new major needs a new topic (for example " + ID + ".v2)");
        });
    }

    @Test
    void topicChangeWithinAMajorIsBreaking() {
        ContractFiles files = new ContractFiles(root)
                .version(ID, "1.0.0", V1, V1_REQUIRED)
                .version(ID, "1.1.0", "active", "billing.invoices", V1, V1_REQUIRED, "");
        assertThat(check(files))
                .extracting(CompatibilityProblem::rule, CompatibilityProblem::pointer)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("topic-changed", "/schema/0/physicalName"));
    }

    @Test
    void fullTransitiveComparesWithEveryEarlierVersionOfTheGroup() {
        // 1.1.0 drops optional 'note' (minor), 1.2.0 brings it back as a number: fine against 1.1.0,
        // but 1.0.0 consumers read 'note' as a string.
        ContractFiles files = new ContractFiles(root)
                .version(ID, "1.0.0", V1 + ", \"note\": {\"type\": \"string\"}", V1_REQUIRED)
                .version(ID, "1.1.0", V1, V1_REQUIRED)
                .version(ID, "1.2.0", V1 + ", \"note\": {\"type\": \"number\"}", V1_REQUIRED);

        assertThat(check(files)).singleElement().satisfies(problem -> {
            assertThat(problem.rule()).isEqualTo("type-changed");
            assertThat(problem.olderVersion()).isEqualTo("1.0.0");
            assertThat(problem.newerVersion()).isEqualTo("1.2.0");
            assertThat(problem.message()).contains("FULL_TRANSITIVE");
        });
    }

    @Test
    void fullComparesOnlyWithThePreviousVersion() {
        String full = "  - {property: compatibility, value: FULL}\n";
        ContractFiles files = new ContractFiles(root)
                .version(
                        ID, "1.0.0", "active", ID + ".v1", V1 + ", \"note\": {\"type\": \"string\"}", V1_REQUIRED, full)
                .version(ID, "1.1.0", "active", ID + ".v1", V1, V1_REQUIRED, full)
                .version(
                        ID,
                        "1.2.0",
                        "active",
                        ID + ".v1",
                        V1 + ", \"note\": {\"type\": \"number\"}",
                        V1_REQUIRED,
                        full);
        assertThat(check(files)).isEmpty();
    }

    @Test
    void noneSkipsSchemaChecks() {
        ContractFiles files = new ContractFiles(root)
                .version(ID, "1.0.0", V1, V1_REQUIRED)
                .version(
                        ID,
                        "1.0.1",
                        "active",
                        ID + ".v1",
                        V1.replace("\"integer\"", "\"number\""),
                        V1_REQUIRED,
                        "  - {property: compatibility, value: NONE}\n");
        assertThat(check(files)).isEmpty();
    }

    @Test
    void referenceContractsAreCompatible() {
        List<DataContract> reference = ContractDirectory.at(ReferenceContractsTest.resource("contracts/reference"))
                .lint()
                .contracts();
        assertThat(CompatibilityCheck.check(reference)).isEmpty();
        assertThat(CompatibilityCheck.changes(reference.get(0), reference.get(1)))
                .extracting(SchemaChange::rule, SchemaChange::level)
                .contains(org.assertj.core.groups.Tuple.tuple("optional-property-added", ChangeLevel.MINOR));
    }
}
