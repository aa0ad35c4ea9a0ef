package dev.waybill.contracts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import dev.waybill.contracts.ContractProblem;
import dev.waybill.contracts.ContractProperty;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/** The payload schema's own rules: readable, 2020-12, compilable, and in agreement with the ODCS properties. */
final class PayloadSchemaChecks {
    private final ContractReader.SchemaFile file;
    private final List<ContractProperty> properties;
    private final List<ContractProblem> problems;
    private final BiConsumer<String, String> contractProblem;
    private LocatedDocument schema;

    /**
     * @param problems where the schema file's own problems go
     * @param contractProblem reports a problem at a pointer of the contract document (pointer, message)
     */
    PayloadSchemaChecks(
            ContractReader.SchemaFile file,
            List<ContractProperty> properties,
            List<ContractProblem> problems,
            BiConsumer<String, String> contractProblem) {
        this.file = file;
        this.properties = properties;
        this.problems = problems;
        this.contractProblem = contractProblem;
    }

    void run() {
        try {
            schema = LocatedDocument.parseJson(file.text());
        } catch (LocatedDocument.SyntaxException e) {
            problems.add(
                    new ContractProblem(file.source(), e.line(), "(document)", "is not valid JSON: " + e.getMessage()));
            return;
        }
        JsonNode root = schema.root();
        if (!root.isObject()) {
            schemaProblem("", "must be a JSON Schema object, found " + SchemaErrors.describe(root));
            return;
        }
        schema.duplicateKeys().forEach(duplicate -> schemaProblem(duplicate.pointer(), duplicate.message()));
        String dialect = root.path("$schema").asText("");
        if (!JsonSchemas.DRAFT_2020_12.equals(dialect)) {
            schemaProblem(
                    "/$schema",
                    (dialect.isEmpty() ? "is missing" : "is '" + dialect + "'")
                            + ": payload schemas must declare \"$schema\": \"" + JsonSchemas.DRAFT_2020_12 + "\"");
            return;
        }
        List<Error> metaErrors = JsonSchemas.metaSchemaErrors(root);
        for (Error error : metaErrors) {
            String pointer = SchemaErrors.pointerOf(error);
            schemaProblem(
                    pointer,
                    "is not valid JSON Schema 2020-12: " + SchemaErrors.stripLocation(error.getMessage(), pointer));
        }
        if (!metaErrors.isEmpty()) {
            return;
        }
        try {
            JsonSchemas.compile(root);
        } catch (RuntimeException e) {
            schemaProblem("", "cannot be compiled: " + e.getMessage());
            return;
        }
        if (!"object".equals(root.path("type").asText())) {
            schemaProblem("/type", "must be \"object\": an event payload is a JSON object");
        }
        agree(properties, root, "", "/schema/0/properties");
    }

    /** ODCS properties and JSON Schema properties must name the same things and require the same ones. */
    private void agree(List<ContractProperty> odcs, JsonNode jsonSchema, String schemaPointer, String odcsPointer) {
        JsonNode objectSchema = jsonSchema.path("properties").isObject() || !jsonSchema.has("items")
                ? jsonSchema
                : jsonSchema.path("items");
        String objectPointer = objectSchema == jsonSchema ? schemaPointer : schemaPointer + "/items";
        JsonNode schemaProperties = objectSchema.path("properties");
        Set<String> inSchema = new TreeSet<>();
        schemaProperties.fieldNames().forEachRemaining(inSchema::add);
        Set<String> inOdcs = new TreeSet<>();
        odcs.forEach(property -> inOdcs.add(property.name()));
        Set<String> required = new TreeSet<>();
        objectSchema.path("required").forEach(name -> required.add(name.asText()));

        for (String name : inSchema) {
            if (!inOdcs.contains(name)) {
                schemaProblem(
                        objectPointer + "/properties/" + Pointers.escape(name),
                        "property '" + name
                                + "' is not described in the contract's ODCS properties ("
                                + Pointers.toField(odcsPointer)
                                + ")");
            }
        }
        for (int i = 0; i < odcs.size(); i++) {
            ContractProperty property = odcs.get(i);
            String name = property.name();
            String at = odcsPointer + "/" + i;
            if (!inSchema.contains(name)) {
                contractProblem.accept(at, "property '" + name + "' is not in the payload schema " + file.source());
                continue;
            }
            if (property.required() != required.contains(name)) {
                contractProblem.accept(
                        at + "/required",
                        "property '" + name + "' is " + (property.required() ? "" : "not ")
                                + "required here but " + (required.contains(name) ? "" : "not ")
                                + "required in the payload schema " + file.source());
            }
            if (!property.properties().isEmpty()) {
                agree(
                        property.properties(),
                        schemaProperties.path(name),
                        objectPointer + "/properties/" + Pointers.escape(name),
                        at + "/properties");
            }
        }
    }

    private void schemaProblem(String pointer, String message) {
        problems.add(new ContractProblem(file.source(), schema.lineOf(pointer), Pointers.toField(pointer), message));
    }
}
