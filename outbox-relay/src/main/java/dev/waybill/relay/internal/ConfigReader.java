package dev.waybill.relay.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.waybill.outbox.OutboxTable;
import dev.waybill.outbox.WaybillException;
import dev.waybill.relay.ConfigurationException;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelayConfig.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the relay's YAML file and {@code WAYBILL_*} environment variables into a {@link RelayConfig}. Unknown keys
 * are errors (a typo must not silently fall back to a default); every error names the key and where it came from.
 */
public final class ConfigReader {

    private static final String PRODUCER_PREFIX = "kafka.producer.";
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|jaas|token|credential).*");

    /** Every key with its default ({@code null}: no default). */
    private static final Map<String, String> KEYS = new LinkedHashMap<>();

    static {
        KEYS.put("relay.name", "waybill");
        KEYS.put("relay.instance", null);
        KEYS.put("relay.shutdown-timeout", "30s");
        KEYS.put("database.url", null);
        KEYS.put("database.user", null);
        KEYS.put("database.password-file", null);
        KEYS.put("database.schema", "waybill");
        KEYS.put("database.table", "outbox");
        KEYS.put("database.slot", null);
        KEYS.put("database.publication", null);
        KEYS.put("kafka.bootstrap-servers", null);
        KEYS.put("kafka.dead-letter-topic", "waybill.dead-letter");
        KEYS.put("kafka.source", null);
        KEYS.put("kafka.readiness-timeout", "5s");
        KEYS.put("contracts.directory", null);
        KEYS.put("contracts.registry", "false");
        KEYS.put("contracts.reload-interval", "10s");
        KEYS.put("contracts.accept-drafts", "false");
        KEYS.put("capture.poll-interval", "5ms");
        KEYS.put("capture.max-batch-size", "2048");
        KEYS.put("capture.max-queue-size", "8192");
        KEYS.put("capture.offset-flush-interval", "1s");
        KEYS.put("capture.heartbeat-interval", "10s");
        KEYS.put("capture.snapshot", "initial");
        KEYS.put("capture.offset-store", "postgres");
        KEYS.put("capture.offset-topic", null);
        KEYS.put("capture.offset-topic-replication-factor", "-1");
        KEYS.put("retention.mode", "delete-after");
        KEYS.put("retention.keep", "24h");
        KEYS.put("retention.batch-size", "5000");
        KEYS.put("retention.interval", "1m");
        KEYS.put("http.host", "0.0.0.0");
        KEYS.put("http.port", "8080");
    }

    /** Settings the relay owns: letting them through would break delivery guarantees. */
    private static final Set<String> MANAGED_PRODUCER_KEYS = Set.of("bootstrap.servers", "key.serializer",
            "value.serializer", "enable.idempotence", "acks", "transactional.id");

    private final Map<String, String> values = new TreeMap<>();
    private final Map<String, String> sources = new TreeMap<>();
    private final Map<String, String> producer = new TreeMap<>();

    private ConfigReader() {}

    public static RelayConfig read(Optional<Path> file, Map<String, String> environment) {
        ConfigReader reader = new ConfigReader();
        file.ifPresent(reader::readFile);
        reader.readEnvironment(environment);
        return reader.build(environment);
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
            if (value.isObject()) {
                flatten(value, key + ".", file);
            } else if (key.startsWith(PRODUCER_PREFIX)) {
                producer.put(key.substring(PRODUCER_PREFIX.length()), value.asText());
                sources.put(key, file);
            } else if (key.equals("database.password")) {
                throw new ConfigurationException("database.password in " + file + ": secrets do not belong in the "
                        + "configuration file; set WAYBILL_DATABASE_PASSWORD or database.password-file");
            } else if (!KEYS.containsKey(key)) {
                throw new ConfigurationException("Unknown configuration key '" + key + "' in " + file
                        + "; the keys are listed in docs/relay.md" + suggestion(key));
            } else if (value.isContainerNode()) {
                throw new ConfigurationException(key + " in " + file + " must be a single value, not a list");
            } else {
                values.put(key, value.asText());
                sources.put(key, file);
            }
        }
    }

    private void readEnvironment(Map<String, String> environment) {
        for (String key : KEYS.keySet()) {
            String value = environment.get(variable(key));
            if (value != null && !value.isBlank()) {
                values.put(key, value.strip());
                sources.put(key, "$" + variable(key));
            }
        }
        String producerPrefix = variable(PRODUCER_PREFIX);
        environment.forEach((name, value) -> {
            if (name.startsWith(producerPrefix) && name.length() > producerPrefix.length()) {
                String key = name.substring(producerPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                producer.put(key, value);
                sources.put(PRODUCER_PREFIX + key, "$" + name);
            }
        });
    }

    /** {@code database.url} is {@code WAYBILL_DATABASE_URL}. */
    static String variable(String key) {
        return "WAYBILL_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private RelayConfig build(Map<String, String> environment) {
        String name = text("relay.name");
        requireMatch("relay.name", name, IDENTIFIER, "1-63 characters of a-z, 0-9 and _");
        String url = required("database.url", "the outbox database's JDBC URL, jdbc:postgresql://host:port/db");
        if (!url.startsWith("jdbc:postgresql://")) {
            throw error("database.url", "'" + url + "' is not a PostgreSQL JDBC URL: expected "
                    + "jdbc:postgresql://host:port/database");
        }
        OutboxTable outbox;
        try {
            outbox = new OutboxTable(text("database.schema"), text("database.table"));
        } catch (WaybillException e) {
            throw error("database.schema", e.getMessage());
        }
        String slot = Optional.ofNullable(values.get("database.slot")).orElse("waybill_" + name);
        requireMatch("database.slot", slot, IDENTIFIER, "1-63 characters of a-z, 0-9 and _");
        String publication = Optional.ofNullable(values.get("database.publication"))
                .orElse(outbox.schema() + "_outbox");
        requireMatch("database.publication", publication, IDENTIFIER, "1-63 characters of a-z, 0-9 and _");

        String bootstrap = required("kafka.bootstrap-servers", "host:port[,host:port...] of the Kafka brokers");
        String deadLetter = text("kafka.dead-letter-topic");
        requireMatch("kafka.dead-letter-topic", deadLetter, TOPIC, "a Kafka topic name (a-z, A-Z, 0-9, . _ -)");
        producer.keySet().stream().filter(MANAGED_PRODUCER_KEYS::contains).findFirst().ifPresent(key -> {
            throw error(PRODUCER_PREFIX + key, "is set by the relay itself (idempotent producer, acks=all, byte "
                    + "serializers) and cannot be overridden");
        });

        Optional<Path> directory = Optional.ofNullable(values.get("contracts.directory")).map(Path::of);
        boolean registry = bool("contracts.registry");
        if (directory.isPresent() == registry) {
            throw error(directory.isPresent() ? "contracts.registry" : "contracts.directory",
                    "set exactly one source of contracts: contracts.directory (a folder of contract files) or "
                            + "contracts.registry: true (the registry table in the outbox database)");
        }
        directory.ifPresent(path -> {
            if (!Files.isDirectory(path)) {
                throw error("contracts.directory", "'" + path + "' is not a directory");
            }
        });

        return new RelayConfig(
                new RelayConfig.Relay(name, Optional.ofNullable(values.get("relay.instance")).orElseGet(
                        ConfigReader::hostname), duration("relay.shutdown-timeout")),
                new RelayConfig.Database(url, values.get("database.user"), password(environment), outbox, slot,
                        publication),
                new RelayConfig.Kafka(bootstrap, deadLetter,
                        Optional.ofNullable(values.get("kafka.source")).orElse("/waybill/" + databaseName(url)),
                        Map.copyOf(producer), duration("kafka.readiness-timeout")),
                new RelayConfig.Contracts(directory, registry, duration("contracts.reload-interval"),
                        bool("contracts.accept-drafts")),
                new RelayConfig.Capture(duration("capture.poll-interval"), positive("capture.max-batch-size"),
                        positive("capture.max-queue-size"), duration("capture.offset-flush-interval"),
                        duration("capture.heartbeat-interval"), snapshot(), offsetStore(),
                        offsetTopic(name), offsetTopicReplicationFactor()),
                new RelayConfig.Retention(retentionMode(), duration("retention.keep"), positive("retention.batch-size"),
                        duration("retention.interval")),
                new RelayConfig.Http(text("http.host"), port()));
    }

    private Secret password(Map<String, String> environment) {
        String fromEnvironment = environment.get("WAYBILL_DATABASE_PASSWORD");
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return new Secret(fromEnvironment);
        }
        String file = values.get("database.password-file");
        if (file == null) {
            return Secret.NONE;
        }
        try {
            return new Secret(Files.readString(Path.of(file)).strip());
        } catch (IOException e) {
            throw error("database.password-file", "'" + file + "' cannot be read: " + e.getMessage());
        }
    }

    private RelayConfig.Snapshot snapshot() {
        String value = text("capture.snapshot").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "initial" -> RelayConfig.Snapshot.INITIAL;
            case "none" -> RelayConfig.Snapshot.NONE;
            default -> throw error("capture.snapshot", "'" + value + "' is not a snapshot mode: use initial "
                    + "(publish rows already in the outbox on the first start) or none");
        };
    }

    private RelayConfig.OffsetStore offsetStore() {
        String value = text("capture.offset-store").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "postgres" -> RelayConfig.OffsetStore.POSTGRES;
            case "kafka" -> RelayConfig.OffsetStore.KAFKA;
            default -> throw error("capture.offset-store", "'" + value + "' is not an offset store: use postgres "
                    + "(the relay_offsets table, the default) or kafka (a compacted topic)");
        };
    }

    private String offsetTopic(String relayName) {
        String topic = Optional.ofNullable(values.get("capture.offset-topic")).orElse("waybill.offsets." + relayName);
        requireMatch("capture.offset-topic", topic, TOPIC, "a Kafka topic name (a-z, A-Z, 0-9, . _ -)");
        return topic;
    }

    private int offsetTopicReplicationFactor() {
        int factor = integer("capture.offset-topic-replication-factor");
        if (factor == 0 || factor < -1) {
            throw error("capture.offset-topic-replication-factor", factor + " is not a replication factor: use -1 "
                    + "(the broker's default) or a positive number");
        }
        return factor;
    }

    private RelayConfig.RetentionMode retentionMode() {
        String value = text("retention.mode").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "delete-after" -> RelayConfig.RetentionMode.DELETE_AFTER;
            case "off" -> RelayConfig.RetentionMode.OFF;
            default -> throw error("retention.mode", "'" + value + "' is not a retention mode: use delete-after "
                    + "(delete rows older than retention.keep) or off");
        };
    }

    private int port() {
        int port = integer("http.port");
        if (port < 0 || port > 65535) {
            throw error("http.port", port + " is not a port: use 0-65535 (0 picks a free one)");
        }
        return port;
    }

    private String text(String key) {
        String value = values.getOrDefault(key, KEYS.get(key));
        return value == null ? null : value.strip();
    }

    private String required(String key, String what) {
        String value = text(key);
        if (value == null || value.isEmpty()) {
            throw new ConfigurationException(key + " is missing: set it to " + what + " (in the configuration file, "
                    + "or as " + variable(key) + ")");
        }
        return value;
    }

    private boolean bool(String key) {
        String value = text(key).toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw error(key, "'" + value + "' is not a boolean: use true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private int integer(String key) {
        try {
            return Integer.parseInt(text(key));
        } catch (NumberFormatException e) {
            throw error(key, "'" + text(key) + "' is not a whole number");
        }
    }

    private int positive(String key) {
        int value = integer(key);
        if (value <= 0) {
            throw error(key, value + " must be greater than 0");
        }
        return value;
    }

    private Duration duration(String key) {
        String value = text(key);
        Matcher matcher = DURATION.matcher(value);
        if (!matcher.matches()) {
            throw error(key, "'" + value + "' is not a duration: use a number and a unit, for example 500ms, 10s, "
                    + "5m, 24h or 7d");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration duration = switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (duration.isZero()) {
            throw error(key, "must be greater than 0");
        }
        return duration;
    }

    private void requireMatch(String key, String value, Pattern pattern, String rule) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw error(key, "'" + value + "' is not allowed: use " + rule);
        }
    }

    private ConfigurationException error(String key, String message) {
        String source = sources.get(key);
        return new ConfigurationException(key + (source == null ? " (default)" : " (from " + source + ")") + ": "
                + message);
    }

    private static String suggestion(String key) {
        String best = null;
        int bestDistance = 4;
        for (String known : KEYS.keySet()) {
            int distance = distance(key, known);
            if (distance < bestDistance) {
                best = known;
                bestDistance = distance;
            }
        }
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            previous = current;
        }
        return previous[b.length()];
    }

    private static String databaseName(String url) {
        String rest = url.substring("jdbc:postgresql://".length());
        int slash = rest.indexOf('/');
        String database = slash < 0 ? "" : rest.substring(slash + 1);
        int query = database.indexOf('?');
        return query < 0 ? database : database.substring(0, query);
    }

    private static String hostname() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "relay";
        }
    }

    /** The effective configuration as YAML, secrets masked. */
    public static String describe(RelayConfig config) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("relay:\n  name: ").append(config.relay().name())
                .append("\n  instance: ").append(config.relay().instance())
                .append("\n  shutdown-timeout: ").append(config.relay().shutdownTimeout())
                .append("\ndatabase:\n  url: ").append(maskUrl(config.database().url()))
                .append("\n  user: ").append(config.database().user())
                .append("\n  password: ").append(config.database().password())
                .append("\n  schema: ").append(config.database().outbox().schema())
                .append("\n  table: ").append(config.database().outbox().table())
                .append("\n  slot: ").append(config.database().slot())
                .append("\n  publication: ").append(config.database().publication())
                .append("\nkafka:\n  bootstrap-servers: ").append(config.kafka().bootstrapServers())
                .append("\n  dead-letter-topic: ").append(config.kafka().deadLetterTopic())
                .append("\n  source: ").append(config.kafka().source())
                .append("\n  readiness-timeout: ").append(config.kafka().readinessTimeout())
                .append("\n  producer:");
        new TreeMap<>(config.kafka().producer()).forEach((key, value) -> yaml.append("\n    ").append(key)
                .append(": ").append(SECRET_KEY.matcher(key).matches() ? "***" : value));
        yaml.append("\ncontracts:\n  directory: ").append(config.contracts().directory().map(Path::toString)
                        .orElse("(none)"))
                .append("\n  registry: ").append(config.contracts().registry())
                .append("\n  reload-interval: ").append(config.contracts().reloadInterval())
                .append("\n  accept-drafts: ").append(config.contracts().acceptDrafts())
                .append("\ncapture:\n  poll-interval: ").append(config.capture().pollInterval())
                .append("\n  max-batch-size: ").append(config.capture().maxBatchSize())
                .append("\n  max-queue-size: ").append(config.capture().maxQueueSize())
                .append("\n  offset-flush-interval: ").append(config.capture().offsetFlushInterval())
                .append("\n  heartbeat-interval: ").append(config.capture().heartbeatInterval())
                .append("\n  snapshot: ").append(config.capture().snapshot().name().toLowerCase(Locale.ROOT))
                .append("\n  offset-store: ").append(config.capture().offsetStore().name().toLowerCase(Locale.ROOT))
                .append("\n  offset-topic: ").append(config.capture().offsetTopic())
                .append("\n  offset-topic-replication-factor: ")
                .append(config.capture().offsetTopicReplicationFactor())
                .append("\nretention:\n  mode: ").append(config.retention().mode().name().toLowerCase(Locale.ROOT)
                        .replace('_', '-'))
                .append("\n  keep: ").append(config.retention().keep())
                .append("\n  batch-size: ").append(config.retention().batchSize())
                .append("\n  interval: ").append(config.retention().interval())
                .append("\nhttp:\n  host: ").append(config.http().host())
                .append("\n  port: ").append(config.http().port()).append('\n');
        return yaml.toString();
    }

    private static String maskUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }
}
