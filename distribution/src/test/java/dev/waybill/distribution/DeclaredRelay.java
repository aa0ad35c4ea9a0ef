package dev.waybill.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelaySettings;
import dev.waybill.relay.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the deployment files may name, taken from the relay itself: its settings ({@link RelaySettings}), how it reads
 * them ({@link RelayConfig#load}), and its measured footprint ({@code docs/benchmarks.json}).
 */
final class DeclaredRelay {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final YAMLMapper YAML = new YAMLMapper();

    private static final Pattern VARIABLE = Pattern.compile("WAYBILL_[A-Z0-9_]*[A-Z0-9]");

    private DeclaredRelay() {}

    /** A setting's variable, or an entry of the producer's pass-through ({@code WAYBILL_KAFKA_PRODUCER_<KEY>}). */
    static boolean isVariable(String name) {
        String producerPrefix = RelaySettings.KAFKA_PRODUCER.variable() + "_";
        return RelaySettings.all().stream().map(Setting::variable).anyMatch(name::equals)
                || name.startsWith(producerPrefix) && name.length() > producerPrefix.length();
    }

    /** A key a configuration file may set: a setting's, or an entry under {@code kafka.producer}. */
    static boolean isFileKey(String key) {
        String producerPrefix = RelaySettings.KAFKA_PRODUCER.key() + ".";
        return RelaySettings.all().stream()
                        .filter(setting -> !setting.isEnvironmentOnly())
                        .map(Setting::key)
                        .anyMatch(key::equals)
                || key.startsWith(producerPrefix) && key.length() > producerPrefix.length();
    }

    /** Every {@code WAYBILL_*} name in {@code text}, comments included: a comment can drift as well. */
    static List<String> variablesIn(String text) {
        List<String> names = new ArrayList<>();
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    /** The dotted keys a YAML configuration file sets ({@code relay.name}, {@code kafka.producer.acks}). */
    static List<String> keysOf(String yaml) throws IOException {
        List<String> keys = new ArrayList<>();
        JsonNode root = YAML.readTree(yaml);
        if (root != null && root.isObject()) {
            collectKeys(root, "", keys);
        }
        return keys;
    }

    private static void collectKeys(JsonNode node, String prefix, List<String> keys) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (field.getValue().isObject()) {
                collectKeys(field.getValue(), prefix + field.getKey() + ".", keys);
            } else {
                keys.add(prefix + field.getKey());
            }
        }
    }

    /**
     * The configuration the relay makes of {@code yaml} (if any) and {@code environment}, read as the relay reads it:
     * an unknown key or a bad value fails here as it would at start-up. The password is given, as the file holding
     * it exists only where the relay is deployed.
     */
    static RelayConfig load(Optional<String> yaml, Map<String, String> environment, Path scratch) throws IOException {
        Map<String, String> env = new TreeMap<>(environment);
        env.put(RelaySettings.DATABASE_PASSWORD.variable(), "placeholder");
        Optional<Path> file = Optional.empty();
        if (yaml.isPresent()) {
            file = Optional.of(Files.writeString(Files.createTempFile(scratch, "relay", ".yaml"), yaml.get()));
        }
        return RelayConfig.load(file, env);
    }

    /** The footprint the relay was measured at: {@code maxRssBytes}, {@code maxHeapUsedBytes}, {@code heapCap}. */
    static JsonNode footprint() throws IOException {
        return new ObjectMapper()
                .readTree(ROOT.resolve("docs/benchmarks.json").toFile())
                .path("footprint");
    }

    /** Kubernetes quantities and JVM sizes as bytes: 384Mi, 512M, 128m, 1g. */
    static long bytes(String quantity) {
        Matcher matcher = Pattern.compile("(\\d+)(Ki|Mi|Gi|K|M|G|k|m|g)?").matcher(quantity.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a size: " + quantity);
        }
        long value = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "" : matcher.group(2);
        return switch (unit) {
            case "Ki", "k", "K" -> value << 10;
            case "Mi", "m" -> value << 20;
            case "Gi", "g" -> value << 30;
            case "M" -> value * 1_000_000L;
            case "G" -> value * 1_000_000_000L;
            default -> value;
        };
    }
}
