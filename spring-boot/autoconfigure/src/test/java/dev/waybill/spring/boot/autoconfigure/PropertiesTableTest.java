package dev.waybill.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The property table in docs/spring-boot.md is the configuration metadata the build generates (the one IDEs
 * complete from): every property, its default and its description, in both or in neither.
 */
class PropertiesTableTest {

    private static final Path DOCS = Path.of("../../docs/spring-boot.md");
    private static final String BEGIN =
            "<!-- properties:begin (generated from the configuration metadata by PropertiesTableTest) -->\n";
    private static final String END = "<!-- properties:end -->";

    @Test
    void docsListEveryPropertyOfTheGeneratedMetadata() throws IOException {
        String docs = Files.readString(DOCS);
        int begin = docs.indexOf(BEGIN);
        int end = docs.indexOf(END);
        assertThat(begin).as("%s has the marker %s", DOCS, BEGIN.strip()).isNotNegative();
        assertThat(end).as("%s has the marker %s", DOCS, END).isGreaterThan(begin);

        assertThat(docs.substring(begin + BEGIN.length(), end))
                .as("the property table in docs/spring-boot.md; paste the expected one between the markers")
                .isEqualTo(table());
    }

    @Test
    void everyPropertyHasADescription() throws IOException {
        assertThat(properties())
                .allSatisfy(property -> assertThat(property.path("description").asText())
                        .as(property.path("name").asText())
                        .isNotBlank());
    }

    static String table() throws IOException {
        StringBuilder table = new StringBuilder("| property | default | description |\n|---|---|---|\n");
        for (JsonNode property : properties()) {
            JsonNode value = property.get("defaultValue");
            String fallback = value == null || value.isNull() ? "" : "`" + value.asText() + "`";
            table.append("| `")
                    .append(property.path("name").asText())
                    .append("` | ")
                    .append(fallback)
                    .append(" | ")
                    .append(property.path("description")
                            .asText()
                            .replace("\n", " ")
                            .replace("|", "\\|"))
                    .append(" |\n");
        }
        return table.toString();
    }

    private static List<JsonNode> properties() throws IOException {
        try (InputStream metadata =
                PropertiesTableTest.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(metadata).as("the generated configuration metadata").isNotNull();
            List<JsonNode> properties = new ArrayList<>();
            new ObjectMapper().readTree(metadata).path("properties").forEach(properties::add);
            properties.sort(
                    Comparator.comparing(property -> property.path("name").asText()));
            return properties;
        }
    }
}
