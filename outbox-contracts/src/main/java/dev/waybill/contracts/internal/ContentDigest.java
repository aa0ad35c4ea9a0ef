package dev.waybill.contracts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waybill.contracts.DataContract;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sha-256 digest that decides whether two pushes of a version carry the same content. It covers the ODCS
 * document and the payload schema in a canonical form (keys sorted, no comments or formatting), without the
 * {@code status}: re-indenting a file is not a new version, and retiring a version is a status change, not a
 * content change.
 */
public final class ContentDigest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ContentDigest() {}

    public static String of(DataContract contract) {
        JsonNode document =
                LocatedDocument.parseYaml(contract.document()).root().deepCopy();
        if (document instanceof ObjectNode object) {
            object.remove("status");
        }
        JsonNode schema = LocatedDocument.parseJson(contract.payloadSchema()).root();
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(canonical(document).getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(canonical(schema).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String canonical(JsonNode node) {
        return JSON.valueToTree(sorted(node)).toString();
    }

    private static Object sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                sorted.put(field.getKey(), sorted(field.getValue()));
            }
            return sorted;
        }
        if (node.isArray()) {
            java.util.List<Object> items = new java.util.ArrayList<>();
            node.forEach(item -> items.add(sorted(item)));
            return items;
        }
        if (node.isNumber()) {
            return node.decimalValue().stripTrailingZeros();
        }
        return node;
    }
}
