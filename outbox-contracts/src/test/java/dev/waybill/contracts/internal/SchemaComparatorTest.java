package dev.waybill.contracts.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.contracts.ChangeLevel;
import dev.waybill.contracts.SchemaChange;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SchemaComparatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Set<String> ALL_RULES =
            Arrays.stream(SchemaRule.values()).map(SchemaRule::code).collect(Collectors.toSet());

    // ---- corpus ----

    static Stream<String> corpusCases() throws IOException, URISyntaxException {
        try (Stream<Path> folders = Files.list(corpusRoot())) {
            return folders
                    .filter(Files::isDirectory)
                    .map(folder -> folder.getFileName().toString())
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusCases")
    void corpusCaseReportsExactlyTheExpectedChanges(String caseName) throws Exception {
        Path folder = corpusRoot().resolve(caseName);

        List<SchemaChange> changes = SchemaComparator.compare(read(folder, "older.json"), read(folder, "newer.json"));

        assertThat(changes)
                .extracting(SchemaChange::rule, SchemaChange::level, SchemaChange::pointer)
                .containsExactlyElementsOf(expected(folder));
        assertThat(changes)
                .allSatisfy(
                        change -> assertThat(change.description()).isNotBlank().doesNotContain("\n"));
    }

    @Test
    void corpusCoversEveryRule() throws Exception {
        Set<String> covered = new TreeSet<>();
        for (String caseName : corpusCases().toList()) {
            read(corpusRoot().resolve(caseName), "expected.json")
                    .forEach(change -> covered.add(change.get("rule").asText()));
        }
        assertThat(covered).containsExactlyInAnyOrderElementsOf(ALL_RULES);
    }

    @Test
    void everyCorpusCaseWithChangesHasItsMirrorCase() throws Exception {
        List<Map.Entry<JsonNode, JsonNode>> pairs = new ArrayList<>();
        List<String> needMirror = new ArrayList<>();
        for (String caseName : corpusCases().toList()) {
            Path folder = corpusRoot().resolve(caseName);
            pairs.add(Map.entry(read(folder, "older.json"), read(folder, "newer.json")));
            if (!read(folder, "expected.json").isEmpty()) {
                needMirror.add(caseName);
            }
        }
        for (String caseName : needMirror) {
            Path folder = corpusRoot().resolve(caseName);
            Map.Entry<JsonNode, JsonNode> mirror = Map.entry(read(folder, "newer.json"), read(folder, "older.json"));
            assertThat(pairs).as("mirror of corpus case %s", caseName).contains(mirror);
        }
    }

    // ---- behaviour not visible in rule/level/pointer ----

    @Test
    void equalSchemasGiveNoChanges() {
        JsonNode schema = json("{'type':'object','properties':{'id':{'type':'string','maxLength':10}}}");

        assertThat(SchemaComparator.compare(schema, schema.deepCopy())).isEmpty();
    }

    @Test
    void typeChangeNamesThePropertyAndBothTypes() {
        List<SchemaChange> changes = compare(
                "{'properties':{'totalAmount':{'type':'integer'}}}",
                "{'properties':{'totalAmount':{'type':'number'}}}");

        assertThat(changes)
                .extracting(SchemaChange::description)
                .containsExactly("property 'totalAmount' changed type from \"integer\" to \"number\"");
    }

    @Test
    void loweringAnUpperBoundIsDescribedAsTightenedWithBothNumbers() {
        List<SchemaChange> changes = compare(
                "{'properties':{'name':{'type':'string','maxLength':200}}}",
                "{'properties':{'name':{'type':'string','maxLength':100}}}");

        assertThat(changes)
                .extracting(SchemaChange::description)
                .containsExactly("property 'name' had maxLength tightened from 200 to 100");
    }

    @Test
    void raisingAnUpperBoundIsDescribedAsRelaxed() {
        List<SchemaChange> changes =
                compare("{'properties':{'amount':{'maximum':1000}}}", "{'properties':{'amount':{'maximum':1e4}}}");

        assertThat(changes)
                .extracting(SchemaChange::description)
                .containsExactly("property 'amount' had maximum relaxed from 1000 to 10000");
    }

    @Test
    void raisingALowerBoundIsDescribedAsTightened() {
        List<SchemaChange> changes =
                compare("{'properties':{'quantity':{'minimum':0}}}", "{'properties':{'quantity':{'minimum':0.5}}}");

        assertThat(changes)
                .extracting(SchemaChange::description)
                .containsExactly("property 'quantity' had minimum tightened from 0 to 0.5");
    }

    @Test
    void loweringALowerBoundIsDescribedAsRelaxed() {
        List<SchemaChange> changes =
                compare("{'properties':{'code':{'minLength':3}}}", "{'properties':{'code':{'minLength':1}}}");

        assertThat(changes)
                .extracting(SchemaChange::description)
                .containsExactly("property 'code' had minLength relaxed from 3 to 1");
    }

    @Test
    void addedAndRemovedConstraintsSaySoWithTheirValue() {
        assertThat(compare("{'properties':{'name':{}}}", "{'properties':{'name':{'maxLength':100}}}"))
                .extracting(SchemaChange::description)
                .containsExactly("maxLength 100 added to property 'name'");
        assertThat(compare("{'properties':{'name':{'maxLength':100}}}", "{'properties':{'name':{}}}"))
                .extracting(SchemaChange::description)
                .containsExactly("maxLength 100 removed from property 'name'");
    }

    @Test
    void nestedPropertiesAreNamedByTheirDottedPath() {
        List<SchemaChange> changes = compare(
                "{'properties':{'customer':{'properties':{'email':{'type':'string'}}}}}",
                "{'properties':{'customer':{'properties':{'email':{'type':'string'}},'required':['email']}}}");

        assertThat(changes)
                .extracting(SchemaChange::pointer, SchemaChange::description)
                .containsExactly(
                        tuple("/properties/customer/properties/email", "property 'customer.email' became required"));
    }

    @Test
    void changesInsideItemsAndDefinitionsNameTheirContainer() {
        List<SchemaChange> changes = compare(
                "{'properties':{'tags':{'items':{'type':'string'}}},'$defs':{'Money':{'properties':{'amount':{'type':'integer'}}}}}",
                "{'properties':{'tags':{'items':{'type':'integer'}}},'$defs':{'Money':{'properties':{'amount':{'type':'string'}}}}}");

        assertThat(changes)
                .extracting(SchemaChange::description)
                .containsExactly(
                        "property 'amount' of definition 'Money' changed type from \"integer\" to \"string\"",
                        "the items of property 'tags' changed type from \"string\" to \"integer\"");
    }

    @Test
    void enumChangesNameTheAddedAndRemovedValues() {
        List<SchemaChange> changes = compare(
                "{'properties':{'channel':{'enum':['web','app']}}}",
                "{'properties':{'channel':{'enum':['app','store']}}}");

        assertThat(changes)
                .extracting(SchemaChange::description)
                .containsExactly("property 'channel' changed enum, adding \"store\" and removing \"web\"");
    }

    @Test
    void annotationDescriptionsLeaveOutExampleAndDefaultValues() {
        List<SchemaChange> changes = compare(
                "{'properties':{'email':{'type':'string'}}}",
                "{'properties':{'email':{'type':'string','examples':['jane@example.com'],'default':'nobody@example.com'}}}");

        assertThat(changes).extracting(SchemaChange::level).containsOnly(ChangeLevel.PATCH);
        assertThat(changes)
                .extracting(SchemaChange::description)
                .containsExactly("default added to property 'email'", "examples added to property 'email'")
                .noneMatch(description -> description.contains("example.com"));
    }

    @Test
    void longValuesAreShortenedInDescriptions() {
        String longPattern = "^" + "[a-z]".repeat(50) + "$";
        List<SchemaChange> changes = compare(
                "{'properties':{'code':{'pattern':'^[a-z]+$'}}}",
                "{'properties':{'code':{'pattern':'" + longPattern + "'}}}");

        assertThat(changes).singleElement().satisfies(change -> {
            assertThat(change.description()).doesNotContain(longPattern).contains("...");
            assertThat(change.description().length()).isLessThan(150);
        });
    }

    @Test
    void comparingTheSameSchemasTwiceGivesTheSameList() throws Exception {
        Path folder = corpusRoot().resolve("several-changes");
        JsonNode older = read(folder, "older.json");
        JsonNode newer = read(folder, "newer.json");

        assertThat(SchemaComparator.compare(older, newer)).isEqualTo(SchemaComparator.compare(older, newer));
    }

    @Test
    void missingSchemasAreRejected() {
        JsonNode schema = json("{}");

        assertThatNullPointerException().isThrownBy(() -> SchemaComparator.compare(null, schema));
        assertThatNullPointerException().isThrownBy(() -> SchemaComparator.compare(schema, null));
    }

    // ---- helpers ----

    private static List<SchemaChange> compare(String older, String newer) {
        return SchemaComparator.compare(json(older), json(newer));
    }

    /** Single quotes keep the inline schemas readable. */
    private static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    private static Path corpusRoot() throws URISyntaxException {
        URL root = SchemaComparatorTest.class.getResource("/compatibility-corpus");
        assertThat(root).as("compatibility-corpus on the test classpath").isNotNull();
        return Path.of(root.toURI());
    }

    private static JsonNode read(Path folder, String file) throws IOException {
        return JSON.readTree(folder.resolve(file).toFile());
    }

    private static List<Tuple> expected(Path folder) throws IOException {
        List<Tuple> expected = new ArrayList<>();
        for (JsonNode change : read(folder, "expected.json")) {
            expected.add(tuple(
                    change.get("rule").asText(),
                    ChangeLevel.valueOf(change.get("level").asText()),
                    change.get("pointer").asText()));
        }
        return expected;
    }
}
