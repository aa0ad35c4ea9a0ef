package dev.waybill.contracts.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleGeneratorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "additionalProperties": false,
              "required": ["orderId", "total", "placedAt", "lines"],
              "properties": {
                "orderId": {"type": "string", "pattern": "^ORD-[0-9]{6,12}$"},
                "customerEmail": {"type": "string", "format": "email"},
                "total": {"$ref": "#/$defs/money"},
                "placedAt": {"type": "string", "format": "date-time"},
                "lines": {"type": "array", "minItems": 1, "items": {
                  "type": "object", "required": ["sku", "quantity"], "additionalProperties": false,
                  "properties": {
                    "sku": {"type": "string", "minLength": 8, "maxLength": 8},
                    "quantity": {"type": "integer", "exclusiveMinimum": 0, "multipleOf": 5}
                  }}},
                "channel": {"type": "string", "enum": ["web", "app"]},
                "source": {"const": "shop"},
                "note": {"type": ["null", "string"], "default": "none"},
                "rating": {"type": "number", "minimum": 1.5, "maximum": 5, "examples": [4.5]},
                "gift": {"type": "boolean"}
              },
              "$defs": {
                "money": {
                  "type": "object", "required": ["amount", "currency"], "additionalProperties": false,
                  "properties": {
                    "amount": {"type": "integer", "minimum": 100},
                    "currency": {"type": "string", "enum": ["EUR", "USD", "GBP"]}
                  }
                }
              }
            }""";

    @Test
    void minimalHasTheRequiredPropertiesAndFullHasEveryOneBothValid() throws Exception {
        JsonNode schema = JSON.readTree(SCHEMA);

        List<ExampleGenerator.Example> examples = ExampleGenerator.examples(schema);

        JsonNode minimal = examples.get(0).payload();
        JsonNode full = examples.get(1).payload();
        assertThat(examples.get(0).name()).isEqualTo("minimal");
        assertThat(examples.get(1).name()).isEqualTo("full");
        assertThat(fieldNames(minimal)).containsExactly("orderId", "total", "placedAt", "lines");
        assertThat(fieldNames(full))
                .containsExactly(
                        "orderId",
                        "customerEmail",
                        "total",
                        "placedAt",
                        "lines",
                        "channel",
                        "source",
                        "note",
                        "rating",
                        "gift");
        assertThat(full.path("orderId").asText()).matches("ORD-[0-9]{6,12}");
        assertThat(full.path("customerEmail").asText()).isEqualTo("someone@example.com");
        assertThat(full.path("total").toString()).isEqualTo("{\"amount\":100,\"currency\":\"EUR\"}");
        assertThat(full.path("lines").get(0).toString()).isEqualTo("{\"sku\":\"examplex\",\"quantity\":5}");
        assertThat(full.path("source").asText()).isEqualTo("shop");
        assertThat(full.path("note").asText()).isEqualTo("none");
        assertThat(full.path("rating").asDouble()).isEqualTo(4.5);
        Schema compiled = JsonSchemas.compile(schema);
        examples.forEach(example -> assertThat(compiled.validate(example.payload()))
                .as(example.name() + ": " + example.payload())
                .isEmpty());
    }

    @Test
    void fullIsRepeatedWithEveryFurtherEnumValueAndTheSameSchemaGivesTheSameExamples() throws Exception {
        JsonNode schema = JSON.readTree(SCHEMA);

        List<ExampleGenerator.Example> examples = ExampleGenerator.examples(schema);

        assertThat(examples)
                .extracting(ExampleGenerator.Example::name)
                .containsExactly(
                        "minimal",
                        "full",
                        "full with /total/currency = \"USD\"",
                        "full with /total/currency = \"GBP\"",
                        "full with /channel = \"app\"");
        assertThat(examples.get(2).payload().at("/total/currency").asText()).isEqualTo("USD");
        assertThat(examples.get(2).payload().at("/channel").asText()).isEqualTo("web");
        assertThat(ExampleGenerator.examples(schema)).isEqualTo(examples);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
