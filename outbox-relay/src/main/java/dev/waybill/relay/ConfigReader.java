package dev.waybill.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads the relay's YAML file and {@code WAYBILL_*} environment variables (which win) into the values of
 * {@link RelaySettings}. Unknown keys are errors (a typo must not silently fall back to a default); every error names
 * the key and where its value came from.
 */
final class ConfigReader {

    private static final Map<String, Setting<?>> BY_KEY = new LinkedHashMap<>();
    /** The keys a file may set, to suggest from. */
    private static final List<String> FILE_KEYS;
    /** The first parts of the keys: relay, database, kafka... */
    private static final Set<String> SECTIONS;

    static {
        RelaySettings.all().forEach(setting -> BY_KEY.put(setting.key(), setting));
        FILE_KEYS = RelaySettings.all().stream()
                .filter(setting ->
                        !setting.isEnvironmentOnly() && !setting.type().isProperties())
                .map(Setting::key)
                .toList();
        SECTIONS = BY_KEY.keySet().stream()
                .map(key -> key.substring(0, key.indexOf('.')))
                .collect(Collectors.toSet());
    }

    /** Texts by key, the file's first, then the environment's over them. */
    private final Map<String, String> texts = new HashMap<>();
    /** Entries of properties settings (the Kafka producer's), by setting. */
    private final Map<Setting<?>, Map<String, String>> entries = new HashMap<>();

    private final Map<String, String> sources = new HashMap<>();
    private final SettingValues.Naming naming;

    private ConfigReader(SettingValues.Naming naming) {
        this.naming = naming;
    }

    static RelayConfig read(Optional<Path> file, Map<String, String> environment) {
        ConfigReader reader = new ConfigReader(SettingValues.Naming.FILE);
        file.ifPresent(reader::readFile);
        reader.readEnvironment(environment);
        return ConfigAssembly.assemble(
                SettingValues.resolve(RelaySettings.all(), reader.parse(), reader.sources, environment));
    }

    /** Where properties' values come from, in messages. */
    static final String PROPERTIES_SOURCE = "the application's properties";

    /**
     * Reads flat properties, keys as in the file ({@code capture.poll-interval}, {@code kafka.producer.linger.ms}),
     * with the same rules and messages as the file, keys named with {@code prefix} in front; the {@code relay}
     * section's keys may go without it ({@code name}, {@code shutdown-timeout}). Unlike the file, they
     * may hold the password: an application's property sources are where its secrets are kept.
     */
    static RelayConfig read(Map<String, String> properties, String prefix) {
        SettingValues.Naming naming = new SettingValues.Naming(prefix);
        ConfigReader reader = new ConfigReader(naming);
        reader.readProperties(properties);
        return ConfigAssembly.assemble(
                SettingValues.resolve(RelaySettings.all(), reader.parse(), reader.sources, System.getenv(), naming));
    }

    private void readProperties(Map<String, String> properties) {
        new TreeMap<>(properties).forEach((given, value) -> {
            Optional<Setting<?>> mapping = propertiesOf(given);
            if (mapping.isPresent()) {
                entries.computeIfAbsent(mapping.get(), s -> new TreeMap<>())
                        .put(given.substring(mapping.get().key().length() + 1), value);
                sources.put(given, PROPERTIES_SOURCE);
                return;
            }
            Setting<?> setting = relaxed(given);
            if (setting == null) {
                setting = relaxed(SettingValues.Naming.FOLDED_SECTION + given);
            }
            if (setting == null) {
                List<String> keys = RelaySettings.all().stream()
                        .filter(s -> !s.type().isProperties())
                        .map(s -> naming.key(s.key()))
                        .toList();
                throw new ConfigurationException("Unknown configuration key '" + naming.key(given) + "' in "
                        + PROPERTIES_SOURCE + "; the keys are listed in docs/relay.md"
                        + Suggestion.closest(naming.key(given), keys));
            }
            if (value != null && !value.isBlank()) {
                texts.put(setting.key(), setting.isEnvironmentOnly() ? value : value.strip());
                sources.put(setting.key(), PROPERTIES_SOURCE);
            }
        });
    }

    /**
     * The setting {@code key} names, also as relaxed binding writes it: {@code capture.poll.interval} from a
     * variable, {@code capture.pollInterval} in camel case.
     */
    private static Setting<?> relaxed(String key) {
        Setting<?> exact = BY_KEY.get(key);
        if (exact != null) {
            return exact;
        }
        String wanted = canonical(key);
        return BY_KEY.values().stream()
                .filter(setting -> canonical(setting.key()).equals(wanted))
                .findFirst()
                .orElse(null);
    }

    private static String canonical(String key) {
        return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
    }

    private void readFile(Path file) {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new ConfigurationException("Cannot read the configuration file " + file + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new ConfigurationException("The configuration file " + file + " must be a YAML mapping of sections "
                    + "(relay, database, kafka, contracts, capture, retention, http)");
        }
        flatten(root, "", file.toString());
    }

    private void flatten(JsonNode node, String prefix, String file) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = prefix + field.getKey();
            JsonNode value = field.getValue();
            Optional<Setting<?>> properties = propertiesOf(key);
            Setting<?> setting = BY_KEY.get(key);
            if (value.isObject()) {
                flatten(value, key + ".", file);
            } else if (properties.isPresent()) {
                entries.computeIfAbsent(properties.get(), s -> new TreeMap<>())
                        .put(key.substring(properties.get().key().length() + 1), value.asText());
                sources.put(key, file);
            } else if (setting != null && setting.isEnvironmentOnly()) {
                String fileSetting = BY_KEY.containsKey(key + "-file") ? " or " + key + "-file" : "";
                throw new ConfigurationException(key + " in " + file + ": secrets do not belong in the "
                        + "configuration file; set " + setting.variable() + fileSetting);
            } else if (setting == null && value.isNull() && SECTIONS.contains(key)) {
                // A section whose settings are all commented out, as in the shipped example file: nothing to set.
                continue;
            } else if (setting == null) {
                throw new ConfigurationException("Unknown configuration key '" + key + "' in " + file
                        + "; the keys are listed in docs/relay.md" + Suggestion.closest(key, FILE_KEYS));
            } else if (value.isContainerNode()) {
                throw new ConfigurationException(key + " in " + file + " must be a single value, not a list");
            } else if (!value.isNull() && !value.asText().isBlank()) {
                texts.put(key, value.asText().strip());
                sources.put(key, file);
            }
        }
    }

    /** The properties setting whose entries {@code key} (such as {@code kafka.producer.acks}) names. */
    private static Optional<Setting<?>> propertiesOf(String key) {
        return BY_KEY.values().stream()
                .filter(setting -> setting.type().isProperties() && key.startsWith(setting.key() + "."))
                .findFirst();
    }

    private void readEnvironment(Map<String, String> environment) {
        for (Setting<?> setting : RelaySettings.all()) {
            if (setting.type().isProperties()) {
                readEntries(setting, environment);
                continue;
            }
            String value = environment.get(setting.variable());
            if (value != null && !value.isBlank()) {
                // A secret is taken as it is: its spaces may be part of it.
                texts.put(setting.key(), setting.isEnvironmentOnly() ? value : value.strip());
                sources.put(setting.key(), "$" + setting.variable());
            }
        }
    }

    /** {@code WAYBILL_KAFKA_PRODUCER_SASL_JAAS_CONFIG} is the producer's {@code sasl.jaas.config}. */
    private void readEntries(Setting<?> setting, Map<String, String> environment) {
        String prefix = setting.variable() + "_";
        new TreeMap<>(environment).forEach((name, value) -> {
            if (name.startsWith(prefix) && name.length() > prefix.length()) {
                String entry =
                        name.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                entries.computeIfAbsent(setting, s -> new TreeMap<>()).put(entry, value);
                sources.put(setting.key() + "." + entry, "$" + name);
            }
        });
    }

    private Map<Setting<?>, Object> parse() {
        Map<Setting<?>, Object> values = new HashMap<>(entries);
        for (Setting<?> setting : RelaySettings.all()) {
            String text = texts.get(setting.key());
            if (text != null) {
                try {
                    values.put(setting, setting.type().parse(text));
                } catch (SettingType.Invalid e) {
                    throw SettingValues.error(sources, naming, setting.key(), e.getMessage());
                }
            }
        }
        return values;
    }
}
