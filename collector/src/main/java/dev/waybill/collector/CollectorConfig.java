package dev.waybill.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.waybill.collector.CollectorSetting.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The effective settings of {@code waybill collect} or {@code waybill validate}: a YAML file, overridden by
 * {@code WAYBILL_*} environment variables, or {@link #builder(Scope)} in code. Every value is checked here: a bad one
 * stops the start-up with a {@link CollectorConfigException} that names the key, its source and what is expected.
 */
public final class CollectorConfig {

    static final String PRODUCER_PREFIX = "kafka.producer.";
    static final String STREAMS_PREFIX = "kafka.streams.";

    /** Producer settings the collector sets itself. */
    static final Set<String> OWN_PRODUCER_KEYS = Set.of(
            "bootstrap.servers",
            "key.serializer",
            "value.serializer",
            "acks",
            "enable.idempotence",
            "transactional.id",
            "delivery.timeout.ms",
            "max.block.ms");

    /** Kafka Streams settings the validator sets itself. */
    static final Set<String> OWN_STREAMS_KEYS = Set.of(
            "bootstrap.servers",
            "application.id",
            "processing.guarantee",
            "default.key.serde",
            "default.value.serde",
            "num.stream.threads");

    private final Scope scope;
    private final Map<CollectorSetting<?>, Object> values = new HashMap<>();
    private final Map<String, String> producer;
    private final Map<String, String> streams;

    private CollectorConfig(
            Scope scope, Map<String, Source> raw, Map<String, String> producer, Map<String, String> streams) {
        this.scope = scope;
        this.producer = Map.copyOf(producer);
        this.streams = Map.copyOf(streams);
        for (CollectorSetting<?> setting : CollectorSettings.ALL) {
            resolve(setting, raw.get(setting.key()));
        }
        check();
    }

    /** Which command these settings are for. */
    public Scope scope() {
        return scope;
    }

    /** A setting's value; {@code null} for an optional one that is not set. */
    @SuppressWarnings("unchecked")
    public <T> T get(CollectorSetting<T> setting) {
        return (T) values.get(setting);
    }

    /** {@code kafka.producer.*}: passed to the collector's producer. */
    public Map<String, String> producer() {
        return producer;
    }

    /** {@code kafka.streams.*}: passed to the validator's Kafka Streams. */
    public Map<String, String> streams() {
        return streams;
    }

    /** The effective settings of this command, one {@code key: value} a line (secrets of the passthroughs masked). */
    public String describe() {
        StringBuilder text = new StringBuilder();
        for (CollectorSetting<?> setting : CollectorSettings.ALL) {
            if (setting.scope().includes(scope) && values.get(setting) != null) {
                text.append(setting.key()).append(": ").append(format(setting)).append('\n');
            }
        }
        Map<String, String> passthrough = new TreeMap<>();
        producer.forEach((k, v) -> passthrough.put(PRODUCER_PREFIX + k, v));
        streams.forEach((k, v) -> passthrough.put(STREAMS_PREFIX + k, v));
        passthrough.forEach((k, v) ->
                text.append(k).append(": ").append(secret(k) ? "***" : v).append('\n'));
        return text.toString();
    }

    private <T> String format(CollectorSetting<T> setting) {
        return setting.type().format(get(setting));
    }

    static boolean secret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.contains("password")
                || lower.contains("secret")
                || lower.contains("jaas")
                || lower.contains("token")
                || lower.contains("credential");
    }

    private <T> void resolve(CollectorSetting<T> setting, Source source) {
        if (source != null) {
            try {
                values.put(setting, setting.type().parse(source.text()));
            } catch (IllegalArgumentException e) {
                throw new CollectorConfigException(setting.key() + " (from " + source.origin() + "): '" + source.text()
                        + "' is not " + setting.type().expected());
            }
            return;
        }
        if (setting.defaultValue().isPresent()) {
            values.put(setting, setting.defaultValue().get());
        } else if (setting.derivation().isPresent()) {
            values.put(setting, setting.derivation().get().apply(this));
        } else if (setting.requiredWhat().isPresent() && setting.scope().includes(scope)) {
            throw new CollectorConfigException(setting.key() + " is required: set "
                    + setting.requiredWhat().get() + " in the configuration file or as " + setting.variable());
        }
    }

    private void check() {
        if (scope == Scope.COLLECT && get(CollectorSettings.TOKENS) == null && !get(CollectorSettings.ANONYMOUS)) {
            throw new CollectorConfigException("auth.tokens is required: set a token file or directory in the"
                    + " configuration file or as " + CollectorSettings.TOKENS.variable()
                    + ", or auth.anonymous: true to accept requests without a token (development only)");
        }
        if (scope == Scope.COLLECT && get(CollectorSettings.TOKENS) != null) {
            Path tokens = get(CollectorSettings.TOKENS);
            if (!Files.isReadable(tokens)) {
                throw new CollectorConfigException(
                        "auth.tokens: " + tokens + " does not exist or cannot be read: give a token file or directory");
            }
        }
        if (scope == Scope.VALIDATE && !Files.isDirectory(get(CollectorSettings.CONTRACTS_DIRECTORY))) {
            throw new CollectorConfigException("contracts.directory: " + get(CollectorSettings.CONTRACTS_DIRECTORY)
                    + " is not a directory: give the contract directory");
        }
        if (get(CollectorSettings.MAX_EVENT_SIZE) > get(CollectorSettings.MAX_REQUEST_SIZE)) {
            throw new CollectorConfigException("limits.max-event-size (" + get(CollectorSettings.MAX_EVENT_SIZE)
                    + ") is larger than limits.max-request-size (" + get(CollectorSettings.MAX_REQUEST_SIZE)
                    + "): no event could reach it; lower the first or raise the second");
        }
        for (String key : producer.keySet()) {
            if (OWN_PRODUCER_KEYS.contains(key)) {
                throw new CollectorConfigException(PRODUCER_PREFIX + key
                        + " belongs to the collector (its acknowledgement mode depends on it): remove it");
            }
        }
        for (String key : streams.keySet()) {
            if (OWN_STREAMS_KEYS.contains(key)) {
                throw new CollectorConfigException(STREAMS_PREFIX + key
                        + " belongs to the validator: remove it (the thread count is validate.threads)");
            }
        }
    }

    /** Reads {@code file} (when given), then the environment's {@code WAYBILL_*} variables, which win. */
    public static CollectorConfig load(Optional<Path> file, Map<String, String> environment, Scope scope) {
        Map<String, Source> raw = new LinkedHashMap<>();
        Map<String, String> producer = new LinkedHashMap<>();
        Map<String, String> streams = new LinkedHashMap<>();
        if (file.isPresent()) {
            readFile(file.get(), raw, producer, streams);
        }
        Map<String, CollectorSetting<?>> byVariable = new HashMap<>();
        CollectorSettings.ALL.forEach(setting -> byVariable.put(setting.variable(), setting));
        environment.forEach((name, value) -> {
            CollectorSetting<?> setting = byVariable.get(name);
            if (setting != null) {
                raw.put(setting.key(), new Source(value, "environment variable " + name));
            } else if (name.startsWith("WAYBILL_KAFKA_PRODUCER_")) {
                producer.put(propertyKey(name, "WAYBILL_KAFKA_PRODUCER_"), value);
            } else if (name.startsWith("WAYBILL_KAFKA_STREAMS_")) {
                streams.put(propertyKey(name, "WAYBILL_KAFKA_STREAMS_"), value);
            }
        });
        return new CollectorConfig(scope, raw, producer, streams);
    }

    private static String propertyKey(String variable, String prefix) {
        return variable.substring(prefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    private static void readFile(
            Path file, Map<String, Source> raw, Map<String, String> producer, Map<String, String> streams) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (IOException e) {
            throw new CollectorConfigException("cannot read the configuration file " + file + ": " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw new CollectorConfigException(file + ": the configuration must be a YAML mapping of sections");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        flatten("", root, flat, file);
        Set<String> known = new java.util.HashSet<>();
        CollectorSettings.ALL.forEach(setting -> known.add(setting.key()));
        List<String> unknown = new ArrayList<>();
        flat.forEach((key, value) -> {
            if (key.startsWith(PRODUCER_PREFIX)) {
                producer.put(key.substring(PRODUCER_PREFIX.length()), value);
            } else if (key.startsWith(STREAMS_PREFIX)) {
                streams.put(key.substring(STREAMS_PREFIX.length()), value);
            } else if (known.contains(key)) {
                raw.put(key, new Source(value, file.toString()));
            } else {
                unknown.add(key);
            }
        });
        if (!unknown.isEmpty()) {
            throw new CollectorConfigException(file + ": unknown key(s) " + unknown
                    + "; the settings are listed in docs/collector.md (a typo would otherwise fall back to a default)");
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> flat, Path file) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(
                        prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(),
                        field.getValue(),
                        flat,
                        file);
            }
        } else if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.asText()));
            flat.put(prefix, String.join(",", items));
        } else if (!node.isNull()) {
            flat.put(prefix, node.asText());
        }
    }

    /** Settings in code, with the same checks; an error names {@code CollectorConfig.builder()} as the source. */
    public static Builder builder(Scope scope) {
        return new Builder(scope);
    }

    /** Builds a {@link CollectorConfig} in code (tests, embedding). */
    public static final class Builder {
        private final Scope scope;
        private final Map<String, Source> raw = new LinkedHashMap<>();
        private final Map<String, String> producer = new LinkedHashMap<>();
        private final Map<String, String> streams = new LinkedHashMap<>();

        private Builder(Scope scope) {
            this.scope = scope;
        }

        public <T> Builder set(CollectorSetting<T> setting, T value) {
            raw.put(setting.key(), new Source(setting.type().format(value), "CollectorConfig.builder()"));
            return this;
        }

        public Builder kafka(String bootstrapServers) {
            return set(CollectorSettings.BOOTSTRAP_SERVERS, bootstrapServers);
        }

        public Builder producer(String key, String value) {
            producer.put(key, value);
            return this;
        }

        public Builder streams(String key, String value) {
            streams.put(key, value);
            return this;
        }

        public CollectorConfig build() {
            return new CollectorConfig(scope, raw, producer, streams);
        }
    }

    private record Source(String text, String origin) {}
}
