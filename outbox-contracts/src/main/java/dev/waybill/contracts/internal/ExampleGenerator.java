package dev.waybill.contracts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.curiousoddman.rgxgen.RgxGen;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Example payloads of a JSON Schema, for checking what a down-conversion makes of them: a minimal one (required
 * properties only), a full one (every property), and the full one again with each further value of every
 * {@code enum} (so a conversion that only handles the first value is caught). Values come from the schema's
 * {@code const}, {@code examples}, {@code default} and {@code enum}, then from its type and constraints
 * ({@code format}, {@code pattern} through RgxGen, lengths, bounds). Deterministic: the same schema gives the same
 * examples. Nothing here promises a valid example: callers validate each one and say when the schema was beyond it.
 */
public final class ExampleGenerator {

    /** One generated payload, named for messages ({@code minimal}, {@code full}, {@code full with /a/b = "x"}). */
    public record Example(String name, JsonNode payload) {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 16;
    private static final int MAX_VARIANTS = 32;
    private static final Map<String, String> FORMATS = Map.ofEntries(
            Map.entry("date-time", "2026-01-01T00:00:00Z"),
            Map.entry("date", "2026-01-01"),
            Map.entry("time", "00:00:00Z"),
            Map.entry("duration", "PT1S"),
            Map.entry("email", "someone@example.com"),
            Map.entry("idn-email", "someone@example.com"),
            Map.entry("hostname", "example.com"),
            Map.entry("idn-hostname", "example.com"),
            Map.entry("ipv4", "192.0.2.1"),
            Map.entry("ipv6", "2001:db8::1"),
            Map.entry("uri", "https://example.com/"),
            Map.entry("iri", "https://example.com/"),
            Map.entry("uri-reference", "/example"),
            Map.entry("iri-reference", "/example"),
            Map.entry("uri-template", "https://example.com/{id}"),
            Map.entry("uuid", "0193a1b2-0000-7000-8000-000000000001"),
            Map.entry("json-pointer", "/example"),
            Map.entry("relative-json-pointer", "0"),
            Map.entry("regex", "^example$"));

    private final JsonNode root;
    private final List<EnumSite> enumSites = new ArrayList<>();

    /** Where the full example took an enum's first value, and the values it could have taken. */
    private record EnumSite(String pointer, List<JsonNode> others) {}

    private ExampleGenerator(JsonNode root) {
        this.root = root;
    }

    /** The examples of the JSON Schema {@code schema}: minimal, full, and the full one with each further enum value. */
    public static List<Example> examples(JsonNode schema) {
        ExampleGenerator minimal = new ExampleGenerator(schema);
        ExampleGenerator full = new ExampleGenerator(schema);
        List<Example> examples = new ArrayList<>();
        examples.add(new Example("minimal", minimal.value(schema, false, "", 0)));
        JsonNode fullPayload = full.value(schema, true, "", 0);
        examples.add(new Example("full", fullPayload));
        for (EnumSite site : full.enumSites) {
            for (JsonNode other : site.others()) {
                if (examples.size() - 2 >= MAX_VARIANTS) {
                    return examples;
                }
                examples.add(new Example(
                        "full with " + (site.pointer().isEmpty() ? "(payload)" : site.pointer()) + " = " + other,
                        replaced(fullPayload, site.pointer(), other)));
            }
        }
        return examples;
    }

    private JsonNode value(JsonNode schema, boolean full, String pointer, int depth) {
        JsonNode resolved = resolve(schema, 0);
        if (depth > MAX_DEPTH || !resolved.isObject()) {
            return NODES.nullNode();
        }
        if (resolved.has("const")) {
            return resolved.get("const").deepCopy();
        }
        JsonNode examples = resolved.path("examples");
        if (examples.isArray() && !examples.isEmpty()) {
            return examples.get(0).deepCopy();
        }
        if (resolved.has("default")) {
            return resolved.get("default").deepCopy();
        }
        JsonNode values = resolved.path("enum");
        if (values.isArray() && !values.isEmpty()) {
            if (full && values.size() > 1) {
                List<JsonNode> others = new ArrayList<>();
                values.forEach(others::add);
                enumSites.add(new EnumSite(pointer, others.subList(1, others.size())));
            }
            return values.get(0).deepCopy();
        }
        JsonNode alternatives = resolved.has("oneOf") ? resolved.get("oneOf") : resolved.path("anyOf");
        if (alternatives.isArray() && !alternatives.isEmpty() && !resolved.has("type")) {
            return value(alternatives.get(0), full, pointer, depth + 1);
        }
        return switch (type(resolved)) {
            case "object" -> object(resolved, full, pointer, depth);
            case "array" -> array(resolved, full, pointer, depth);
            case "integer" -> NODES.numberNode(number(resolved, true).toBigInteger());
            case "number" -> NODES.numberNode(number(resolved, false));
            case "boolean" -> NODES.booleanNode(true);
            case "null" -> NODES.nullNode();
            default -> NODES.textNode(string(resolved));
        };
    }

    private ObjectNode object(JsonNode schema, boolean full, String pointer, int depth) {
        ObjectNode object = NODES.objectNode();
        Set<String> required = new HashSet<>();
        List<JsonNode> parts = new ArrayList<>(List.of(schema));
        schema.path("allOf").forEach(part -> parts.add(resolve(part, 0)));
        parts.forEach(part -> part.path("required").forEach(name -> required.add(name.asText())));
        for (JsonNode part : parts) {
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            part.path("properties").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                if ((full || required.contains(property.getKey())) && !object.has(property.getKey())) {
                    object.set(
                            property.getKey(),
                            value(
                                    property.getValue(),
                                    full,
                                    pointer + "/" + Pointers.escape(property.getKey()),
                                    depth + 1));
                }
            }
        }
        return object;
    }

    private ArrayNode array(JsonNode schema, boolean full, String pointer, int depth) {
        ArrayNode array = NODES.arrayNode();
        int size = Math.max(schema.path("minItems").asInt(0), full ? 1 : 0);
        if (schema.has("maxItems")) {
            size = Math.min(size, schema.get("maxItems").asInt());
        }
        for (int i = 0; i < size; i++) {
            array.add(value(schema.path("items"), full, pointer + "/" + i, depth + 1));
        }
        return array;
    }

    private static BigDecimal number(JsonNode schema, boolean integer) {
        BigDecimal step = integer ? BigDecimal.ONE : new BigDecimal("0.5");
        BigDecimal low = null;
        if (schema.path("minimum").isNumber()) {
            low = schema.get("minimum").decimalValue();
        }
        if (schema.path("exclusiveMinimum").isNumber()) {
            BigDecimal exclusive = schema.get("exclusiveMinimum").decimalValue().add(step);
            low = low == null || exclusive.compareTo(low) > 0 ? exclusive : low;
        }
        BigDecimal high = schema.path("maximum").isNumber()
                ? schema.get("maximum").decimalValue()
                : schema.path("exclusiveMaximum").isNumber()
                        ? schema.get("exclusiveMaximum").decimalValue().subtract(step)
                        : null;
        BigDecimal value =
                low != null ? low : high != null && high.compareTo(BigDecimal.ONE) < 0 ? high : BigDecimal.ONE;
        if (schema.path("multipleOf").isNumber()) {
            BigDecimal multiple = schema.get("multipleOf").decimalValue();
            value = value.divide(multiple, 0, RoundingMode.CEILING).multiply(multiple);
        }
        return integer ? value.setScale(0, RoundingMode.CEILING) : value;
    }

    private static String string(JsonNode schema) {
        String text;
        if (schema.path("pattern").isTextual()) {
            try {
                // A fixed seed: the same schema always gives the same example, so a check never flickers.
                text = RgxGen.parse(schema.get("pattern").asText()).generate(new Random(42));
            } catch (RuntimeException e) {
                // A pattern RgxGen cannot read: the example then fails validation, and the check says the
                // generator could not satisfy the schema (with the validator's message) rather than failing.
                text = "example";
            }
        } else {
            text = FORMATS.getOrDefault(schema.path("format").asText(""), "example");
        }
        int min = schema.path("minLength").asInt(0);
        int max = schema.path("maxLength").asInt(Integer.MAX_VALUE);
        if (text.length() < min) {
            text = text + "x".repeat(min - text.length());
        }
        return text.length() > max ? text.substring(0, max) : text;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (!"null".equals(one.asText())) {
                    return one.asText();
                }
            }
            return "null";
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }

    /** Follows local {@code $ref}s ({@code #/$defs/...}); remote ones are never fetched, and yield no value. */
    private JsonNode resolve(JsonNode schema, int hops) {
        JsonNode ref = schema.path("$ref");
        if (!ref.isTextual() || hops > MAX_DEPTH) {
            return schema;
        }
        String target = ref.asText();
        return target.startsWith("#") ? resolve(root.at(target.substring(1)), hops + 1) : NODES.missingNode();
    }

    private static JsonNode replaced(JsonNode payload, String pointer, JsonNode value) {
        if (pointer.isEmpty()) {
            return value.deepCopy();
        }
        JsonNode copy = payload.deepCopy();
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = copy.at(pointer.substring(0, slash));
        String last = Pointers.unescape(pointer.substring(slash + 1));
        if (parent instanceof ObjectNode object) {
            object.set(last, value.deepCopy());
        } else if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value.deepCopy());
        }
        return copy;
    }
}
