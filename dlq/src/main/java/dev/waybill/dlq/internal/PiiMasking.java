package dev.waybill.dlq.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.ContractProperty;
import dev.waybill.contracts.DataContract;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Masks the values of a payload's properties classified {@code pii} in its contract. Paths are the contract's JSON
 * pointers ({@link ContractProperty#path()}): array items add no segment, so {@code /lines/sku} masks the
 * {@code sku} of every line; a masked object or array is masked whole.
 */
public final class PiiMasking {

    /** What a masked value is replaced with. */
    public static final String MASK = "***";

    /**
     * Which paths to mask, and why; {@code paths} is empty when masking cannot be applied (the contract is not
     * known), in which case the payload must not be shown unless the operator asks for it unmasked.
     */
    public record Plan(Optional<Set<String>> paths, String explanation) {
        public boolean possible() {
            return paths.isPresent();
        }
    }

    private PiiMasking() {}

    /**
     * The plan for a record naming {@code contract} and {@code version}. An unknown version of a known contract
     * (an {@code unknown-version} dead letter, typically) is masked with the {@code pii} properties of every known
     * version of the contract: the best knowledge there is of what the unknown one holds.
     */
    public static Plan plan(Optional<ContractCatalog> catalog, String contract, String version) {
        if (catalog.isEmpty()) {
            return new Plan(Optional.empty(), "no contracts given (--contracts or --registry)");
        }
        if (contract == null) {
            return new Plan(Optional.empty(), "the record names no contract");
        }
        Optional<DataContract> exact =
                version == null ? Optional.empty() : catalog.get().find(contract, version);
        if (exact.isPresent()) {
            return new Plan(
                    Optional.of(piiPaths(List.of(exact.get()))),
                    "pii properties of " + exact.get().coordinates());
        }
        List<DataContract> versions = catalog.get().versions(contract);
        if (versions.isEmpty()) {
            return new Plan(Optional.empty(), "contract '" + contract + "' is not in the contracts given");
        }
        return new Plan(
                Optional.of(piiPaths(versions)),
                "version " + version + " is unknown: pii properties of every known version of " + contract + " ("
                        + String.join(
                                ", ",
                                versions.stream()
                                        .map(v -> v.version().toString())
                                        .toList())
                        + ")");
    }

    static Set<String> piiPaths(List<DataContract> contracts) {
        Set<String> paths = new TreeSet<>();
        contracts.forEach(contract -> contract.allProperties().stream()
                .filter(ContractProperty::isPii)
                .map(ContractProperty::path)
                .forEach(paths::add));
        return paths;
    }

    /** A copy of {@code payload} with the values at {@code paths} replaced by {@link #MASK}. */
    public static JsonNode mask(JsonNode payload, Set<String> paths) {
        return mask(payload, "", paths);
    }

    private static JsonNode mask(JsonNode node, String path, Set<String> paths) {
        if (!path.isEmpty() && paths.contains(path)) {
            return TextNode.valueOf(MASK);
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                copy.set(field.getKey(), mask(field.getValue(), path + "/" + escape(field.getKey()), paths));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(mask(item, path, paths)));
            return copy;
        }
        return node;
    }

    /** JSON pointer escaping (RFC 6901), as contract paths are written. */
    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
