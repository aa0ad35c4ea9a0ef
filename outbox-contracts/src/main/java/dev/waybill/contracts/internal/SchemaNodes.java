package dev.waybill.contracts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/** The JSON helpers {@link SchemaComparator} compares schemas with. */
final class SchemaNodes {

    private SchemaNodes() {}

    /**
     * Rewrites numbers so that equal values compare equal ({@code 1} and {@code 1.0} are the same number in JSON
     * Schema, but not to Jackson's {@code equals}).
     */
    static JsonNode canonical(JsonNode node) {
        if (node.isNumber()) {
            return canonicalNumber(node.decimalValue());
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(canonical(element)));
            return copy;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.properties().forEach(field -> copy.set(field.getKey(), canonical(field.getValue())));
            return copy;
        }
        return node;
    }

    private static JsonNode canonicalNumber(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > 0) {
            return DecimalNode.valueOf(stripped);
        }
        BigInteger integer = stripped.toBigIntegerExact();
        return integer.bitLength() < Long.SIZE
                ? LongNode.valueOf(integer.longValue())
                : BigIntegerNode.valueOf(integer);
    }

    static Set<String> union(JsonNode older, JsonNode newer) {
        Set<String> names = new TreeSet<>();
        older.fieldNames().forEachRemaining(names::add);
        newer.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The elements of an array, or the value itself when it is not an array (as {@code type} allows). */
    static Set<JsonNode> elements(JsonNode value) {
        Set<JsonNode> elements = new LinkedHashSet<>();
        if (value.isArray()) {
            value.forEach(elements::add);
        } else {
            elements.add(value);
        }
        return elements;
    }

    static Set<String> strings(JsonNode array) {
        Set<String> strings = new TreeSet<>();
        if (array != null && array.isArray()) {
            array.forEach(element -> strings.add(element.asText()));
        }
        return strings;
    }

    static JsonNode objectOrEmpty(JsonNode value) {
        return value != null && value.isObject() ? value : JsonNodeFactory.instance.objectNode();
    }

    static JsonNode schemaOrTrue(JsonNode schema) {
        return schema == null ? BooleanNode.TRUE : schema;
    }

    static boolean isSchema(JsonNode value) {
        return value != null && (value.isObject() || value.isBoolean());
    }
}
