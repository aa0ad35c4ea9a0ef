package dev.waybill.contracts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import java.util.Locale;
import java.util.Set;

/** Turns the JSON Schema library's errors into Waybill's problems: where they are, and a message without noise. */
final class SchemaErrors {

    private static final Set<String> PROPERTY_KEYWORDS =
            Set.of("required", "additionalProperties", "unevaluatedProperties", "dependentRequired");

    private SchemaErrors() {}

    /** Where the error is; for a missing or unexpected property, the property itself rather than its parent. */
    static String pointerOf(Error error) {
        String pointer = error.getInstanceLocation().toString();
        String property = error.getProperty();
        if (property != null && PROPERTY_KEYWORDS.contains(error.getKeyword())) {
            pointer = pointer + "/" + Pointers.escape(property);
        }
        return pointer;
    }

    /** networknt prefixes messages with the location, which our problems already carry. */
    static String stripLocation(String message, String pointer) {
        String prefix = pointer.isEmpty() ? "" : pointer + ": ";
        if (!prefix.isEmpty() && message.startsWith(prefix)) {
            return message.substring(prefix.length());
        }
        int colon = message.indexOf(": ");
        return colon > 0 && message.startsWith("/") || message.startsWith(": ")
                ? message.substring(colon + 2)
                : message;
    }

    static String describe(JsonNode node) {
        return node.isMissingNode()
                ? "an empty document"
                : "a " + node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
}
