package dev.waybill.contracts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.waybill.contracts.SchemaChange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lists every difference between two versions of a contract's payload schema (JSON Schema 2020-12), each classified
 * by how big it is, following the project's compatibility policy: FULL_TRANSITIVE, lenient on optional properties.
 *
 * <p>The comparison is structural, not semantic: it does not try to prove that two differently written schemas accept
 * the same payloads. Anything it cannot reason about is reported as breaking, so a false alarm is possible but a
 * silently accepted breaking change is not.
 */
public final class SchemaComparator {

    /** Keywords that never change which payloads are valid; {@code $id}/{@code $schema} are included by policy. */
    private static final Set<String> ANNOTATIONS = Set.of(
            "title",
            "description",
            "examples",
            "$comment",
            "default",
            "deprecated",
            "readOnly",
            "writeOnly",
            "$id",
            "$schema");
    /** Free text would make descriptions long, and example or default values may look like real payload data. */
    private static final Set<String> ANNOTATIONS_WITHOUT_VALUES =
            Set.of("description", "examples", "$comment", "default");
    /** A larger value accepts fewer payloads. */
    private static final Set<String> LOWER_BOUNDS =
            Set.of("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains");
    /** A smaller value accepts fewer payloads. */
    private static final Set<String> UPPER_BOUNDS =
            Set.of("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains");

    private static final Set<String> OTHER_CONSTRAINTS =
            Set.of("pattern", "format", "multipleOf", "uniqueItems", "contentEncoding", "contentMediaType");
    private static final Set<String> OPEN_CONTENT = Set.of("additionalProperties", "unevaluatedProperties");
    private static final Set<String> COMPOSITION = Set.of(
            "allOf",
            "anyOf",
            "oneOf",
            "not",
            "if",
            "then",
            "else",
            "dependentRequired",
            "dependentSchemas",
            "patternProperties",
            "propertyNames",
            "prefixItems",
            "contains");
    private static final Set<String> DEFINITIONS = Set.of("$defs", "definitions");
    /** Compared together, per property, because a requiredness change is reported at the property. */
    private static final Set<String> PROPERTY_KEYWORDS = Set.of("properties", "required");

    private static final Map<String, KeywordRule> RULES = rules();
    private static final int MAX_RENDERED_LENGTH = 60;

    private final List<SchemaChange> changes = new ArrayList<>();

    private SchemaComparator() {}

    /**
     * Compares the payload schema of an older contract version with that of a newer one.
     *
     * @return every difference, sorted by JSON pointer; empty when the schemas are equal
     */
    public static List<SchemaChange> compare(JsonNode older, JsonNode newer) {
        Objects.requireNonNull(older, "older");
        Objects.requireNonNull(newer, "newer");
        SchemaComparator comparator = new SchemaComparator();
        comparator.compareSchemas(Location.ROOT, SchemaNodes.canonical(older), SchemaNodes.canonical(newer));
        List<SchemaChange> result = new ArrayList<>(comparator.changes);
        result.sort(Comparator.comparing(SchemaChange::pointer));
        return List.copyOf(result);
    }

    private static Map<String, KeywordRule> rules() {
        Map<String, KeywordRule> rules = new HashMap<>();
        ANNOTATIONS.forEach(keyword -> rules.put(keyword, SchemaComparator::compareAnnotation));
        LOWER_BOUNDS.forEach(keyword -> rules.put(keyword, SchemaComparator::compareConstraint));
        UPPER_BOUNDS.forEach(keyword -> rules.put(keyword, SchemaComparator::compareConstraint));
        OTHER_CONSTRAINTS.forEach(keyword -> rules.put(keyword, SchemaComparator::compareConstraint));
        OPEN_CONTENT.forEach(keyword -> rules.put(keyword, SchemaComparator::compareOpenContent));
        COMPOSITION.forEach(keyword -> rules.put(keyword, SchemaComparator::compareComposition));
        DEFINITIONS.forEach(keyword -> rules.put(keyword, SchemaComparator::compareDefinitions));
        rules.put("type", SchemaComparator::compareType);
        rules.put("enum", SchemaComparator::compareEnum);
        rules.put("const", SchemaComparator::compareConst);
        rules.put("$ref", SchemaComparator::compareRef);
        rules.put("items", SchemaComparator::compareItems);
        return Map.copyOf(rules);
    }

    private void compareSchemas(Location at, JsonNode older, JsonNode newer) {
        if (older.equals(newer)) {
            return;
        }
        if (!older.isObject() || !newer.isObject()) {
            // A boolean schema has no keywords to compare one by one.
            add(
                    SchemaRule.TYPE_CHANGED,
                    at.pointer(),
                    at.subject() + " changed from schema " + render(older) + " to schema " + render(newer));
            return;
        }
        compareProperties(at, older, newer);
        for (String keyword : SchemaNodes.union(older, newer)) {
            if (!PROPERTY_KEYWORDS.contains(keyword)) {
                JsonNode before = older.get(keyword);
                JsonNode after = newer.get(keyword);
                if (!Objects.equals(before, after)) {
                    RULES.getOrDefault(keyword, SchemaComparator::compareOtherKeyword)
                            .compare(this, at, keyword, before, after);
                }
            }
        }
    }

    // ---- properties and required ----

    private void compareProperties(Location at, JsonNode older, JsonNode newer) {
        JsonNode oldProperties = SchemaNodes.objectOrEmpty(older.get("properties"));
        JsonNode newProperties = SchemaNodes.objectOrEmpty(newer.get("properties"));
        Set<String> oldRequired = SchemaNodes.strings(older.get("required"));
        Set<String> newRequired = SchemaNodes.strings(newer.get("required"));
        Set<String> names = new TreeSet<>(oldRequired);
        names.addAll(newRequired);
        names.addAll(SchemaNodes.union(oldProperties, newProperties));
        for (String name : names) {
            // A name only in `required` still constrains payloads, so it counts as a declared property.
            boolean inOld = oldProperties.has(name) || oldRequired.contains(name);
            boolean inNew = newProperties.has(name) || newRequired.contains(name);
            Location property = at.property(name);
            if (!inOld) {
                propertyAdded(property, newRequired.contains(name));
            } else if (!inNew) {
                propertyRemoved(property, oldRequired.contains(name));
            } else {
                compareRequiredness(property, oldRequired.contains(name), newRequired.contains(name));
                compareSchemas(
                        property,
                        SchemaNodes.schemaOrTrue(oldProperties.get(name)),
                        SchemaNodes.schemaOrTrue(newProperties.get(name)));
            }
        }
    }

    private void propertyAdded(Location property, boolean required) {
        if (required) {
            add(SchemaRule.REQUIRED_PROPERTY_ADDED, property.pointer(), "required " + property.subject() + " added");
        } else {
            add(SchemaRule.OPTIONAL_PROPERTY_ADDED, property.pointer(), "optional " + property.subject() + " added");
        }
    }

    private void propertyRemoved(Location property, boolean required) {
        if (required) {
            add(
                    SchemaRule.REQUIRED_PROPERTY_REMOVED,
                    property.pointer(),
                    "required " + property.subject() + " removed");
        } else {
            add(
                    SchemaRule.OPTIONAL_PROPERTY_REMOVED,
                    property.pointer(),
                    "optional " + property.subject() + " removed");
        }
    }

    private void compareRequiredness(Location property, boolean wasRequired, boolean isRequired) {
        if (!wasRequired && isRequired) {
            add(SchemaRule.PROPERTY_BECAME_REQUIRED, property.pointer(), property.subject() + " became required");
        } else if (wasRequired && !isRequired) {
            // Old consumers rely on the property being there, so relaxing this breaks them.
            add(SchemaRule.PROPERTY_BECAME_OPTIONAL, property.pointer(), property.subject() + " became optional");
        }
    }

    // ---- keyword rules; `before`/`after` are null when the keyword is absent on that side, and never equal ----

    private void compareAnnotation(Location at, String keyword, JsonNode before, JsonNode after) {
        String description = ANNOTATIONS_WITHOUT_VALUES.contains(keyword)
                ? describeWithoutValues(at, keyword, before, after)
                : describe(at, keyword, before, after);
        add(SchemaRule.ANNOTATION_CHANGED, at.keywordPointer(keyword), description);
    }

    private void compareType(Location at, String keyword, JsonNode before, JsonNode after) {
        // ["string","null"] and ["null","string"] allow the same types.
        if (before != null && after != null && SchemaNodes.elements(before).equals(SchemaNodes.elements(after))) {
            return;
        }
        add(SchemaRule.TYPE_CHANGED, at.keywordPointer(keyword), describe(at, keyword, before, after));
    }

    private void compareEnum(Location at, String keyword, JsonNode before, JsonNode after) {
        if (before == null || after == null || !before.isArray() || !after.isArray()) {
            add(SchemaRule.ENUM_CHANGED, at.keywordPointer(keyword), describe(at, keyword, before, after));
            return;
        }
        Set<JsonNode> added = SchemaNodes.elements(after);
        added.removeAll(SchemaNodes.elements(before));
        Set<JsonNode> removed = SchemaNodes.elements(before);
        removed.removeAll(SchemaNodes.elements(after));
        if (added.isEmpty() && removed.isEmpty()) {
            return;
        }
        add(SchemaRule.ENUM_CHANGED, at.keywordPointer(keyword), describeEnumChange(at, added, removed));
    }

    private static String describeEnumChange(Location at, Set<JsonNode> added, Set<JsonNode> removed) {
        if (removed.isEmpty()) {
            return at.subject() + " widened enum, adding " + renderAll(added);
        }
        if (added.isEmpty()) {
            return at.subject() + " narrowed enum, removing " + renderAll(removed);
        }
        return at.subject() + " changed enum, adding " + renderAll(added) + " and removing " + renderAll(removed);
    }

    private void compareConst(Location at, String keyword, JsonNode before, JsonNode after) {
        add(SchemaRule.CONST_CHANGED, at.keywordPointer(keyword), describe(at, keyword, before, after));
    }

    private void compareConstraint(Location at, String keyword, JsonNode before, JsonNode after) {
        String description = before != null
                        && after != null
                        && before.isNumber()
                        && after.isNumber()
                        && (LOWER_BOUNDS.contains(keyword) || UPPER_BOUNDS.contains(keyword))
                ? describeBoundChange(at, keyword, before, after)
                : describe(at, keyword, before, after);
        add(SchemaRule.CONSTRAINT_CHANGED, at.keywordPointer(keyword), description);
    }

    private static String describeBoundChange(Location at, String keyword, JsonNode before, JsonNode after) {
        boolean increased = after.decimalValue().compareTo(before.decimalValue()) > 0;
        boolean tightened = LOWER_BOUNDS.contains(keyword) == increased;
        return at.subject() + " had " + keyword + (tightened ? " tightened" : " relaxed") + " from " + render(before)
                + " to " + render(after);
    }

    private void compareOpenContent(Location at, String keyword, JsonNode before, JsonNode after) {
        // An absent keyword allows anything, exactly like `true`.
        JsonNode oldValue = SchemaNodes.schemaOrTrue(before);
        JsonNode newValue = SchemaNodes.schemaOrTrue(after);
        if (oldValue.equals(newValue)) {
            return;
        }
        add(
                SchemaRule.ADDITIONAL_PROPERTIES_CHANGED,
                at.keywordPointer(keyword),
                at.subject() + " changed " + keyword + " from " + render(oldValue) + " to " + render(newValue));
    }

    private void compareRef(Location at, String keyword, JsonNode before, JsonNode after) {
        add(SchemaRule.REF_CHANGED, at.keywordPointer(keyword), describe(at, keyword, before, after));
    }

    private void compareComposition(Location at, String keyword, JsonNode before, JsonNode after) {
        // Subschemas can be long; the pointer says where to look.
        add(
                SchemaRule.COMPOSITION_CHANGED,
                at.keywordPointer(keyword),
                describeWithoutValues(at, keyword, before, after));
    }

    private void compareItems(Location at, String keyword, JsonNode before, JsonNode after) {
        if (SchemaNodes.isSchema(before) && SchemaNodes.isSchema(after)) {
            compareSchemas(at.items(), before, after);
        } else {
            compareOtherKeyword(at, keyword, before, after);
        }
    }

    private void compareDefinitions(Location at, String keyword, JsonNode before, JsonNode after) {
        JsonNode oldDefinitions = before == null ? JsonNodeFactory.instance.objectNode() : before;
        JsonNode newDefinitions = after == null ? JsonNodeFactory.instance.objectNode() : after;
        if (!oldDefinitions.isObject() || !newDefinitions.isObject()) {
            compareOtherKeyword(at, keyword, before, after);
            return;
        }
        for (String name : SchemaNodes.union(oldDefinitions, newDefinitions)) {
            Location definition = at.definition(keyword, name);
            if (!oldDefinitions.has(name)) {
                // Unreferenced until some $ref changes, and that change is reported on its own.
                add(SchemaRule.DEFINITION_ADDED, definition.pointer(), definition.subject() + " added");
            } else if (!newDefinitions.has(name)) {
                add(SchemaRule.DEFINITION_REMOVED, definition.pointer(), definition.subject() + " removed");
            } else {
                compareSchemas(definition, oldDefinitions.get(name), newDefinitions.get(name));
            }
        }
    }

    private void compareOtherKeyword(Location at, String keyword, JsonNode before, JsonNode after) {
        add(SchemaRule.KEYWORD_CHANGED, at.keywordPointer(keyword), describe(at, keyword, before, after));
    }

    private void add(SchemaRule rule, String pointer, String description) {
        changes.add(new SchemaChange(rule.code(), rule.level(), pointer, description));
    }

    // ---- descriptions ----

    private static String describe(Location at, String keyword, JsonNode before, JsonNode after) {
        if (before == null) {
            return keyword + " " + render(after) + " added to " + at.subject();
        }
        if (after == null) {
            return keyword + " " + render(before) + " removed from " + at.subject();
        }
        return at.subject() + " changed " + keyword + " from " + render(before) + " to " + render(after);
    }

    private static String describeWithoutValues(Location at, String keyword, JsonNode before, JsonNode after) {
        if (before == null) {
            return keyword + " added to " + at.subject();
        }
        if (after == null) {
            return keyword + " removed from " + at.subject();
        }
        return at.subject() + " changed " + keyword;
    }

    private static String renderAll(Set<JsonNode> values) {
        List<String> rendered =
                values.stream().map(SchemaComparator::render).sorted().toList();
        return String.join(", ", rendered);
    }

    private static String render(JsonNode value) {
        String text = value.isNumber() ? value.decimalValue().toPlainString() : value.toString();
        return text.length() <= MAX_RENDERED_LENGTH ? text : text.substring(0, MAX_RENDERED_LENGTH - 3) + "...";
    }

    /** Compares one keyword that differs between the two schemas at {@code at}. */
    @FunctionalInterface
    private interface KeywordRule {
        void compare(SchemaComparator comparator, Location at, String keyword, JsonNode before, JsonNode after);
    }

    /**
     * Where in the schema a comparison is, as a JSON pointer and as words for descriptions.
     *
     * @param propertyPath dotted names of the properties walked since {@code scope}, empty when not in a property
     * @param scope words for the nearest enclosing schema that is not a property, or null at the root
     */
    private record Location(String pointer, String propertyPath, String scope) {

        static final Location ROOT = new Location("", "", null);

        String subject() {
            if (propertyPath.isEmpty()) {
                return scope == null ? "the root schema" : scope;
            }
            return "property '" + propertyPath + "'" + (scope == null ? "" : " of " + scope);
        }

        Location property(String name) {
            String path = propertyPath.isEmpty() ? name : propertyPath + "." + name;
            return new Location(keywordPointer("properties") + "/" + escape(name), path, scope);
        }

        Location items() {
            return new Location(keywordPointer("items"), "", "the items of " + subject());
        }

        Location definition(String keyword, String name) {
            String words = "definition '" + name + "'";
            return new Location(
                    keywordPointer(keyword) + "/" + escape(name),
                    "",
                    pointer.isEmpty() ? words : words + " of " + subject());
        }

        String keywordPointer(String keyword) {
            return pointer + "/" + escape(keyword);
        }

        /** RFC 6901: '~' first, so that the '~' introduced for '/' is not escaped again. */
        private static String escape(String token) {
            return token.replace("~", "~0").replace("/", "~1");
        }
    }
}
