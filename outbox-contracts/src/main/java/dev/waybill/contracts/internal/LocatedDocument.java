package dev.waybill.contracts.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML or JSON document read into a Jackson tree, remembering the line each value starts on, so that every problem
 * found later (by JSON pointer) can be reported with a line. Duplicate keys are collected rather than silently merged.
 */
public final class LocatedDocument {

    private static final YAMLFactory YAML = YAMLFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build();
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(200).build())
            .build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;
    private final Map<String, Integer> lines;
    private final List<Located> duplicateKeys;

    /** A message tied to a JSON pointer and the line it was found on. */
    public record Located(String pointer, int line, String message) {}

    private LocatedDocument(JsonNode root, Map<String, Integer> lines, List<Located> duplicateKeys) {
        this.root = root;
        this.lines = lines;
        this.duplicateKeys = duplicateKeys;
    }

    /**
     * Parses YAML {@code text}.
     *
     * @throws SyntaxException with the line and column where the syntax broke
     */
    public static LocatedDocument parseYaml(String text) {
        return parse(YAML, text);
    }

    /**
     * Parses JSON {@code text}.
     *
     * @throws SyntaxException with the line and column where the syntax broke
     */
    public static LocatedDocument parseJson(String text) {
        return parse(JSON, text);
    }

    private static LocatedDocument parse(JsonFactory factory, String text) {
        Map<String, Integer> lines = new HashMap<>();
        List<Located> duplicates = new ArrayList<>();
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new LocatedDocument(NODES.missingNode(), lines, duplicates);
            }
            JsonNode root = read(parser, "", lines, duplicates);
            if (parser.nextToken() != null) {
                throw new SyntaxException(line(parser), 0, "more than one document in the file");
            }
            return new LocatedDocument(root, lines, duplicates);
        } catch (IOException e) {
            int line = 0;
            int column = 0;
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException processing
                    && processing.getLocation() != null) {
                line = processing.getLocation().getLineNr();
                column = processing.getLocation().getColumnNr();
            }
            throw new SyntaxException(line, column, summary(e));
        }
    }

    // Parser messages repeat the source text with a caret under it; keep only the explanation lines.
    private static String summary(IOException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String summary = message.lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .map(String::strip)
                .collect(java.util.stream.Collectors.joining("; "));
        return summary.isEmpty() ? message.strip() : summary;
    }

    public JsonNode root() {
        return root;
    }

    public List<Located> duplicateKeys() {
        return List.copyOf(duplicateKeys);
    }

    /** The line of the value at {@code pointer}, or of its nearest ancestor that has one; 0 when unknown. */
    public int lineOf(String pointer) {
        String current = pointer;
        while (true) {
            Integer line = lines.get(current);
            if (line != null) {
                return line;
            }
            if (current.isEmpty()) {
                return 0;
            }
            current = current.substring(0, Math.max(0, current.lastIndexOf('/')));
        }
    }

    private static JsonNode read(
            JsonParser parser, String pointer, Map<String, Integer> lines, List<Located> duplicates)
            throws IOException {
        lines.putIfAbsent(pointer, line(parser));
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    String child = pointer + "/" + Pointers.escape(name);
                    int keyLine = line(parser);
                    parser.nextToken();
                    if (object.has(name)) {
                        duplicates.add(new Located(child, keyLine, "duplicate key '" + name + "'"));
                    }
                    lines.put(child, keyLine);
                    object.set(name, read(parser, child, lines, duplicates));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser, pointer + "/" + index++, lines, duplicates));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return NODES.numberNode(parser.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new SyntaxException(line(parser), 0, "unsupported content: " + token);
        }
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    /** The text could not be read; line and column are 1-based, 0 when unknown. */
    public static final class SyntaxException extends RuntimeException {
        private final int line;
        private final int column;

        SyntaxException(int line, int column, String message) {
            super(message);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }
}
