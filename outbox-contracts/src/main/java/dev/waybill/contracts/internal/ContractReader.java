package dev.waybill.contracts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import dev.waybill.contracts.Compatibility;
import dev.waybill.contracts.ContractProblem;
import dev.waybill.contracts.ContractProperty;
import dev.waybill.contracts.ContractStatus;
import dev.waybill.contracts.DataContract;
import dev.waybill.contracts.DownConversion;
import dev.waybill.contracts.SlaProperty;
import dev.waybill.outbox.SemanticVersion;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads one ODCS contract document and the payload schema it points to, checking every rule Waybill relies on. All
 * problems are collected, not just the first; a contract is produced only when there are none.
 */
public final class ContractReader {

    /** Kafka's own rule for topic names. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private static final Set<String> STATUSES = Set.of("proposed", "draft", "active", "deprecated", "retired");

    /** Finds the text of a payload schema named by a contract's {@code url}. */
    @FunctionalInterface
    public interface SchemaFiles {
        /** The schema's source name and text; throws {@link SchemaFileException} saying why it cannot be read. */
        SchemaFile resolve(String url);
    }

    public record SchemaFile(String source, String text) {}

    /** A schema file named by a contract cannot be read; the message says why. */
    public static final class SchemaFileException extends RuntimeException {
        public SchemaFileException(String message) {
            super(message);
        }
    }

    /** What reading produced: a contract when there were no problems. */
    public record Result(Optional<DataContract> contract, List<ContractProblem> problems) {}

    private final String source;
    private final String text;
    private final Optional<String> expectedId;
    private final Optional<String> expectedVersion;
    private final SchemaFiles schemaFiles;
    private final List<ContractProblem> problems = new ArrayList<>();
    private LocatedDocument document;

    private ContractReader(
            String source,
            String text,
            Optional<String> expectedId,
            Optional<String> expectedVersion,
            SchemaFiles schemaFiles) {
        this.source = source;
        this.text = text;
        this.expectedId = expectedId;
        this.expectedVersion = expectedVersion;
        this.schemaFiles = schemaFiles;
    }

    /**
     * @param source how problems name the document (a file path, a registry entry)
     * @param expectedId the id the document must have (its folder's name), if any
     * @param expectedVersion the version the document must have (its file's name), if any
     */
    public static Result read(
            String source,
            String text,
            Optional<String> expectedId,
            Optional<String> expectedVersion,
            SchemaFiles schemaFiles) {
        return new ContractReader(source, text, expectedId, expectedVersion, schemaFiles).read();
    }

    private Result read() {
        try {
            document = LocatedDocument.parseYaml(text);
        } catch (LocatedDocument.SyntaxException e) {
            problems.add(new ContractProblem(source, e.line(), "(document)", "is not valid YAML: " + e.getMessage()));
            return new Result(Optional.empty(), problems);
        }
        JsonNode root = document.root();
        if (!root.isObject()) {
            problem("", "must be a YAML mapping (an ODCS contract), found " + SchemaErrors.describe(root));
            return new Result(Optional.empty(), problems);
        }
        document.duplicateKeys()
                .forEach(duplicate -> problems.add(new ContractProblem(
                        source, duplicate.line(), Pointers.toField(duplicate.pointer()), duplicate.message())));
        for (Error error : JsonSchemas.odcsErrors(root)) {
            String pointer = SchemaErrors.pointerOf(error);
            problem(pointer, "is not valid ODCS v3.1: " + SchemaErrors.stripLocation(error.getMessage(), pointer));
        }

        String apiVersion = root.path("apiVersion").asText("");
        if (root.has("apiVersion") && !"v3.1.0".equals(apiVersion)) {
            problem("/apiVersion", "is '" + apiVersion + "'; Waybill reads ODCS v3.1 contracts: use v3.1.0");
        }
        String id = requiredText(root, "/id");
        if (id != null && expectedId.isPresent() && !id.equals(expectedId.get())) {
            problem(
                    "/id",
                    "'" + id + "' does not match its folder '" + expectedId.get()
                            + "': a contract's files live in a folder named after its id");
        }
        SemanticVersion version = version(root);
        ContractStatus status = status(root);
        JsonNode schemaEntry = schemaEntry(root);
        String topic = schemaEntry == null ? null : topic(schemaEntry.path("physicalName"), "/schema/0/physicalName");
        List<ContractProperty> properties = schemaEntry == null
                ? List.of()
                : properties(schemaEntry.path("properties"), "/schema/0/properties", "");
        CustomProperties custom = customProperties(root.path("customProperties"), version);
        List<SlaProperty> sla = slaProperties(root.path("slaProperties"));
        String payloadSchema = schemaEntry == null ? null : payloadSchema(root, schemaEntry, properties);

        if (!problems.isEmpty()) {
            return new Result(Optional.empty(), problems);
        }
        DataContract contract = new DataContract(
                id,
                version,
                status,
                optionalText(root, "name").orElse(id),
                optionalText(root, "domain"),
                team(root.path("team")),
                description(root.path("description")),
                topic,
                custom.deadLetterTopic,
                custom.compatibility,
                custom.group.orElse(Integer.toString(version.major())),
                properties,
                sla,
                source,
                text,
                payloadSchema,
                custom.downConversion);
        return new Result(Optional.of(contract), problems);
    }

    private SemanticVersion version(JsonNode root) {
        String version = requiredText(root, "/version");
        if (version == null) {
            return null;
        }
        if (!SemanticVersion.isValid(version)) {
            problem("/version", "'" + version + "' is not a semantic version (MAJOR.MINOR.PATCH, for example 1.0.0)");
            return null;
        }
        if (expectedVersion.isPresent() && !version.equals(expectedVersion.get())) {
            problem(
                    "/version",
                    "'" + version + "' does not match its file name, which says '" + expectedVersion.get()
                            + "': name the file <version>.odcs.yaml");
        }
        return SemanticVersion.parse(version);
    }

    private ContractStatus status(JsonNode root) {
        String status = requiredText(root, "/status");
        if (status == null) {
            return null;
        }
        return ContractStatus.parse(status).orElseGet(() -> {
            problem("/status", "'" + status + "' is not a contract status: use one of " + new TreeSet<>(STATUSES));
            return null;
        });
    }

    private JsonNode schemaEntry(JsonNode root) {
        JsonNode schema = root.path("schema");
        if (!schema.isArray() || schema.isEmpty()) {
            problem("/schema", "is missing: a Waybill contract describes its payload in one schema entry");
            return null;
        }
        if (schema.size() > 1) {
            problem(
                    "/schema",
                    "has " + schema.size() + " entries; a Waybill contract describes exactly one payload "
                            + "(one topic), so it must have exactly one");
        }
        return schema.get(0).isObject() ? schema.get(0) : null;
    }

    private String topic(JsonNode node, String pointer) {
        if (!node.isTextual() || node.asText().isBlank()) {
            problem(pointer, "is missing: it names the Kafka topic valid events are published to");
            return null;
        }
        return validTopic(node.asText(), pointer);
    }

    private String validTopic(String topic, String pointer) {
        if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            problem(
                    pointer,
                    "'" + topic + "' is not a Kafka topic name: use 1-249 characters of a-z, A-Z, 0-9, "
                            + "'.', '_' and '-'");
            return null;
        }
        return topic;
    }

    private List<ContractProperty> properties(JsonNode node, String pointer, String parentPath) {
        List<ContractProperty> properties = new ArrayList<>();
        if (!node.isArray()) {
            return properties;
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode property = node.get(i);
            String at = pointer + "/" + i;
            String name = property.path("name").asText("");
            if (name.isEmpty()) {
                continue; // the ODCS schema already reports a property without a name
            }
            if (!names.add(name)) {
                problem(at + "/name", "property '" + name + "' is listed twice");
                continue;
            }
            String path = parentPath + "/" + Pointers.escape(name);
            List<ContractProperty> children =
                    new ArrayList<>(properties(property.path("properties"), at + "/properties", path));
            children.addAll(properties(property.path("items").path("properties"), at + "/items/properties", path));
            properties.add(new ContractProperty(
                    name,
                    path,
                    property.path("logicalType").asText(""),
                    property.path("required").asBoolean(false),
                    property.path("primaryKey").asBoolean(false),
                    optionalText(property, "classification"),
                    texts(property.path("transformSourceObjects")),
                    optionalText(property, "description"),
                    children));
        }
        return properties;
    }

    private String payloadSchema(JsonNode root, JsonNode schemaEntry, List<ContractProperty> properties) {
        List<String> urls = new ArrayList<>();
        List<String> pointers = new ArrayList<>();
        collectImplementations(
                schemaEntry.path("authoritativeDefinitions"), "/schema/0/authoritativeDefinitions", urls, pointers);
        collectImplementations(root.path("authoritativeDefinitions"), "/authoritativeDefinitions", urls, pointers);
        if (urls.size() != 1) {
            problem(
                    urls.isEmpty() ? "/schema/0/authoritativeDefinitions" : pointers.get(1),
                    urls.isEmpty()
                            ? "has no definition of type 'implementation': it must point to the payload's JSON Schema"
                            : "has " + urls.size() + " definitions of type 'implementation'; exactly one JSON Schema "
                                    + "defines the payload");
            return null;
        }
        SchemaFile file;
        try {
            file = schemaFiles.resolve(urls.get(0));
        } catch (SchemaFileException e) {
            problem(pointers.get(0) + "/url", e.getMessage());
            return null;
        }
        new PayloadSchemaChecks(file, properties, problems, this::problem).run();
        return file.text();
    }

    private void collectImplementations(
            JsonNode definitions, String pointer, List<String> urls, List<String> pointers) {
        for (int i = 0; i < definitions.size(); i++) {
            JsonNode definition = definitions.get(i);
            if ("implementation".equals(definition.path("type").asText())) {
                urls.add(definition.path("url").asText(""));
                pointers.add(pointer + "/" + i);
            }
        }
    }

    private record CustomProperties(
            Optional<String> deadLetterTopic,
            Compatibility compatibility,
            Optional<String> group,
            Optional<DownConversion> downConversion) {}

    private CustomProperties customProperties(JsonNode node, SemanticVersion version) {
        Optional<String> deadLetterTopic = Optional.empty();
        Optional<DownConversion> downConversion = Optional.empty();
        Compatibility compatibility = Compatibility.FULL_TRANSITIVE;
        Optional<String> group = Optional.empty();
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            String pointer = "/customProperties/" + i + "/value";
            JsonNode value = entry.path("value");
            switch (entry.path("property").asText("")) {
                case "deadLetterTopic" -> deadLetterTopic = Optional.ofNullable(topic(value, pointer));
                case "compatibility" -> {
                    Optional<Compatibility> parsed = Compatibility.parse(value.asText(""));
                    if (parsed.isEmpty()) {
                        problem(
                                pointer,
                                "'" + value.asText("") + "' is not a compatibility mode: use FULL_TRANSITIVE "
                                        + "(the default), FULL or NONE");
                    } else {
                        compatibility = parsed.get();
                    }
                }
                case "compatibilityGroup" -> {
                    if (value.isValueNode() && !value.asText("").isBlank()) {
                        group = Optional.of(value.asText());
                    } else {
                        problem(pointer, "must name the group, for example \"1\" for major version 1");
                    }
                }
                case DownConversions.PROPERTY ->
                    downConversion = DownConversions.read(value, pointer, version, document, text, source, problems);
                default -> {}
            }
        }
        return new CustomProperties(deadLetterTopic, compatibility, group, downConversion);
    }

    private List<SlaProperty> slaProperties(JsonNode node) {
        List<SlaProperty> sla = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            String property = entry.path("property").asText("");
            String value = entry.path("value").asText("");
            Optional<String> unit = optionalText(entry, "unit");
            String pointer = "/slaProperties/" + i;
            try {
                if (property.equalsIgnoreCase("latency")) {
                    SlaUnits.duration(value, unit.orElse("s"));
                } else if (property.equalsIgnoreCase("errorRate")) {
                    SlaUnits.fraction(value, unit.orElse("percent"));
                }
            } catch (IllegalArgumentException e) {
                problem(pointer, property + ": " + e.getMessage());
                continue;
            }
            sla.add(new SlaProperty(
                    property, value, unit, optionalText(entry, "element"), optionalText(entry, "description")));
        }
        return sla;
    }

    private String requiredText(JsonNode root, String pointer) {
        JsonNode node = root.at(pointer);
        if (!node.isValueNode() || node.isNull() || node.asText().isBlank()) {
            // Presence and type are the ODCS schema's to report; report blank values here.
            if (node.isTextual()) {
                problem(pointer, "must not be blank");
            }
            return null;
        }
        return node.asText();
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isBlank()
                ? Optional.of(value.asText())
                : Optional.empty();
    }

    private static Optional<String> team(JsonNode team) {
        return team.isObject() ? optionalText(team, "name") : Optional.empty();
    }

    private static Optional<String> description(JsonNode description) {
        if (description.isTextual()) {
            return Optional.of(description.asText());
        }
        return optionalText(description, "purpose");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
            texts.add(it.next().asText());
        }
        return texts;
    }

    private void problem(String pointer, String message) {
        problems.add(new ContractProblem(source, document.lineOf(pointer), Pointers.toField(pointer), message));
    }
}
