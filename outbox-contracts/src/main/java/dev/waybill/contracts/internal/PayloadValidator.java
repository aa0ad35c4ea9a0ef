package dev.waybill.contracts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import dev.waybill.contracts.ContractProperty;
import dev.waybill.contracts.ContractViolation;
import dev.waybill.contracts.DataContract;
import java.util.ArrayList;
import java.util.List;

/**
 * One contract version's compiled payload schema, plus what it needs to keep personal data out of messages: the
 * paths of properties classified {@code pii}. Thread-safe; built once per contract version.
 */
public final class PayloadValidator {

    private static final int MIN_REDACTED_LENGTH = 3;
    private static final String REDACTED = "[redacted]";

    private final Schema schema;
    private final List<String> piiPaths;

    public PayloadValidator(DataContract contract) {
        this.schema = JsonSchemas.compile(
                LocatedDocument.parseJson(contract.payloadSchema()).root());
        this.piiPaths = contract.allProperties().stream()
                .filter(ContractProperty::isPii)
                .map(ContractProperty::path)
                .toList();
    }

    public List<ContractViolation> validate(JsonNode payload) {
        List<Error> errors = schema.validate(payload);
        if (errors.isEmpty()) {
            return List.of();
        }
        List<String> secrets = piiValues(payload);
        List<ContractViolation> violations = new ArrayList<>(errors.size());
        for (Error error : errors) {
            String pointer = SchemaErrors.pointerOf(error);
            String keyword = error.getKeyword() == null ? "schema" : error.getKeyword();
            String message = isPii(pointer)
                    ? "value of a property classified pii fails '" + keyword + "' (value redacted)"
                    : scrub(
                            SchemaErrors.stripLocation(
                                    error.getMessage(),
                                    error.getInstanceLocation().toString()),
                            secrets);
            violations.add(new ContractViolation(pointer, keyword, message));
        }
        return violations;
    }

    /** {@code message} without the values of this version's {@code pii} properties that {@code payload} holds. */
    public String redact(String message, JsonNode payload) {
        return piiPaths.isEmpty() ? message : scrub(message, piiValues(payload));
    }

    private boolean isPii(String pointer) {
        String path = withoutArrayIndexes(pointer);
        for (String pii : piiPaths) {
            if (path.equals(pii) || path.startsWith(pii + "/")) {
                return true;
            }
        }
        return false;
    }

    private static String withoutArrayIndexes(String pointer) {
        StringBuilder path = new StringBuilder();
        for (String token : pointer.split("/", -1)) {
            if (!token.isEmpty() && !token.chars().allMatch(Character::isDigit)) {
                path.append('/').append(token);
            }
        }
        return path.toString();
    }

    // Defence in depth: a message about another property could still quote a pii value (e.g. a dependency rule).
    private static String scrub(String message, List<String> secrets) {
        String scrubbed = message;
        for (String secret : secrets) {
            scrubbed = scrubbed.replace(secret, REDACTED);
        }
        return scrubbed;
    }

    private List<String> piiValues(JsonNode payload) {
        List<String> values = new ArrayList<>();
        for (String path : piiPaths) {
            collect(payload, path.substring(1).split("/"), 0, values);
        }
        return values;
    }

    private static void collect(JsonNode node, String[] tokens, int index, List<String> into) {
        if (node.isArray()) {
            node.forEach(element -> collect(element, tokens, index, into));
            return;
        }
        if (index == tokens.length) {
            if (node.isValueNode()) {
                String text = node.asText();
                if (text.length() >= MIN_REDACTED_LENGTH) {
                    into.add(text);
                }
            } else if (!node.isMissingNode()) {
                into.add(node.toString());
            }
            return;
        }
        JsonNode child = node.path(Pointers.unescape(tokens[index]));
        if (!child.isMissingNode()) {
            collect(child, tokens, index + 1, into);
        }
    }
}
