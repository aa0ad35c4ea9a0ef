package dev.waybill.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Writes contract files into a directory for tests; ODCS properties are derived from the payload schema. */
final class ContractFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;

    ContractFiles(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /** A version with status active, topic {@code <id>.v<major>} and the given payload schema properties. */
    ContractFiles version(String id, String version, String schemaProperties, String required) {
        return version(id, version, "active", id + ".v" + version.charAt(0), schemaProperties, required, "");
    }

    ContractFiles version(
            String id,
            String version,
            String status,
            String topic,
            String schemaProperties,
            String required,
            String customProperties) {
        String schema = """
                {
                  "$schema": "https://json-schema.org/draft/2020-12/schema",
                  "type": "object",
                  "additionalProperties": false,
                  "required": [%s],
                  "properties": {%s}
                }
                """.formatted(required, schemaProperties);
        StringBuilder odcs = new StringBuilder("""
                apiVersion: v3.1.0
                kind: DataContract
                id: %s
                version: %s
                status: %s
                schema:
                  - name: Payload
                    physicalType: topic
                    physicalName: %s
                    authoritativeDefinitions:
                      - type: implementation
                        url: ./%s.schema.json
                    properties:
                """.formatted(id, version, status, topic, version));
        try {
            JsonNode parsed = JSON.readTree(schema);
            Set<String> requiredNames = new HashSet<>();
            parsed.path("required").forEach(name -> requiredNames.add(name.asText()));
            for (Iterator<Map.Entry<String, JsonNode>> it =
                            parsed.path("properties").fields();
                    it.hasNext(); ) {
                Map.Entry<String, JsonNode> property = it.next();
                odcs.append("      - name: ").append(property.getKey()).append('\n');
                odcs.append("        required: ")
                        .append(requiredNames.contains(property.getKey()))
                        .append('\n');
                if (property.getKey().toLowerCase().contains("email")) {
                    odcs.append("        classification: pii\n");
                }
                if (property.getKey().equals("id")) {
                    odcs.append("        primaryKey: true\n");
                }
            }
            if (!customProperties.isBlank()) {
                odcs.append("customProperties:\n").append(customProperties.stripIndent());
            }
            Path folder = Files.createDirectories(root.resolve(id));
            Files.writeString(folder.resolve(version + ".odcs.yaml"), odcs);
            Files.writeString(folder.resolve(version + ".schema.json"), schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    LintReport lint() {
        return ContractDirectory.at(root).lint();
    }

    ContractCatalog load() {
        return ContractDirectory.at(root).load();
    }
}
