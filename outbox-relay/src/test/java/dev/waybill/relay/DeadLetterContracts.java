package dev.waybill.relay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A contract directory written for one test, with topics of the test's own: {@code before} has version 1.0.0 only
 * (so events of 1.1.0 are dead-lettered as {@code unknown-version}), {@code after} adds 1.1.0, the fix.
 */
final class DeadLetterContracts {

    private DeadLetterContracts() {}

    static Path write(Path root, String contract, String topic, String deadLetterTopic, boolean withFix)
            throws IOException {
        Path folder = Files.createDirectories(root.resolve(contract));
        version(folder, contract, "1.0.0", topic, deadLetterTopic, "");
        if (withFix) {
            version(
                    folder,
                    contract,
                    "1.1.0",
                    topic,
                    deadLetterTopic,
                    "      - {name: channel, logicalType: string}\n");
        }
        return root;
    }

    private static void version(
            Path folder, String contract, String version, String topic, String deadLetterTopic, String more)
            throws IOException {
        Files.writeString(folder.resolve(version + ".odcs.yaml"), """
                apiVersion: v3.1.0
                kind: DataContract
                id: %s
                version: %s
                status: active
                schema:
                  - name: Signup
                    physicalType: topic
                    physicalName: %s
                    authoritativeDefinitions:
                      - type: implementation
                        url: ./%s.schema.json
                    properties:
                      - {name: customerId, logicalType: string, required: true}
                      - {name: email, logicalType: string, classification: pii}
                      - {name: total, logicalType: integer, required: true}
                %scustomProperties:
                  - {property: deadLetterTopic, value: %s}
                """.formatted(
                        contract, version, topic, version, more, deadLetterTopic));
        Files.writeString(folder.resolve(version + ".schema.json"), """
                {
                  "$schema": "https://json-schema.org/draft/2020-12/schema",
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["customerId", "total"],
                  "properties": {
                    "customerId": {"type": "string"},
                    "email": {"type": "string"},
                    "total": {"type": "integer", "minimum": 0}%s
                  }
                }
                """.formatted(
                        more.isEmpty() ? "" : ",\n    \"channel\": {\"type\": \"string\"}"));
    }
}
