package dev.waybill.connect.internal;

import dev.waybill.outbox.OutboxTable;
import dev.waybill.routing.EventRouter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The transform's settings: one {@link ConfigDef}, each key with its type, default, check and documentation, so
 * Connect's validate endpoint names a bad one. docs/connect.md's table is generated from it ({@link SettingsTable}).
 */
public final class RouterSettings extends AbstractConfig {

    public static final String CONTRACTS_DIRECTORY = "contracts.directory";
    public static final String CONTRACTS_REGISTRY_URL = "contracts.registry.url";
    public static final String CONTRACTS_REGISTRY_USER = "contracts.registry.user";
    public static final String CONTRACTS_REGISTRY_PASSWORD = "contracts.registry.password";
    public static final String CONTRACTS_RELOAD_INTERVAL_MS = "contracts.reload.interval.ms";
    public static final String CONTRACTS_ACCEPT_DRAFTS = "contracts.accept.drafts";
    public static final String OUTBOX_SCHEMA = "outbox.schema";
    public static final String OUTBOX_TABLE = "outbox.table";
    public static final String DEAD_LETTER_TOPIC = "dead.letter.topic";
    public static final String SOURCE = "source";
    public static final String INSTANCE = "instance";
    public static final String NON_OUTBOX_RECORDS = "non.outbox.records";
    public static final String MAX_RECORD_BYTES = "max.record.bytes";

    /** What happens to a record that carries no outbox event. */
    public enum NonOutbox {
        DROP,
        PASS;

        static NonOutbox of(String value) {
            return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        }
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(
                    CONTRACTS_DIRECTORY,
                    Type.STRING,
                    "",
                    (name, value) -> {
                        String text = value == null ? "" : value.toString().trim();
                        if (!text.isEmpty() && !Files.isDirectory(Path.of(text))) {
                            throw new ConfigException(
                                    name, value, "not a directory on this worker; each worker needs the contracts");
                        }
                    },
                    Importance.HIGH,
                    "A contract directory (`<contract>/<version>.odcs.yaml`) on every worker. Exactly one of this "
                            + "and `contracts.registry.url`.")
            .define(
                    CONTRACTS_REGISTRY_URL,
                    Type.STRING,
                    "",
                    (name, value) -> {
                        String text = value == null ? "" : value.toString().trim();
                        if (!text.isEmpty() && !text.startsWith("jdbc:postgresql://")) {
                            throw new ConfigException(name, value, "expected jdbc:postgresql://host:port/database");
                        }
                    },
                    Importance.HIGH,
                    "The registry table's database (`jdbc:postgresql://host:port/database`), usually the outbox's: "
                            + "contracts from `<outbox.schema>.contract_registry` (`waybill contracts push`).")
            .define(
                    CONTRACTS_REGISTRY_USER,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "The registry's user (read access to the registry table is enough); the URL's when empty.")
            .define(
                    CONTRACTS_REGISTRY_PASSWORD,
                    Type.PASSWORD,
                    null,
                    Importance.MEDIUM,
                    "The registry user's password; use a config provider (`${file:...}`, `${env:...}`) rather than "
                            + "the literal value.")
            .define(
                    CONTRACTS_RELOAD_INTERVAL_MS,
                    Type.LONG,
                    10_000L,
                    ConfigDef.Range.atLeast(100),
                    Importance.MEDIUM,
                    "How often to look for changed contracts (milliseconds). They are reloaded without restarting "
                            + "the task; a reload that fails keeps the previous ones (logged, counted).")
            .define(
                    CONTRACTS_ACCEPT_DRAFTS,
                    Type.BOOLEAN,
                    false,
                    Importance.LOW,
                    "Publish events of `draft`/`proposed` contract versions (development only).")
            .define(
                    OUTBOX_SCHEMA,
                    Type.STRING,
                    OutboxTable.DEFAULT.schema(),
                    identifier(),
                    Importance.MEDIUM,
                    "The outbox's schema, where the migrations ran (and where the registry table is).")
            .define(
                    OUTBOX_TABLE,
                    Type.STRING,
                    OutboxTable.DEFAULT.table(),
                    identifier(),
                    Importance.MEDIUM,
                    "The outbox table. Its inserts, and logical decoding messages with the prefix "
                            + "`waybill:<outbox.schema>.<outbox.table>`, are the events.")
            .define(
                    DEAD_LETTER_TOPIC,
                    Type.STRING,
                    EventRouter.DEFAULT_DEAD_LETTER_TOPIC,
                    (name, value) -> {
                        if (value == null || !TOPIC.matcher(value.toString()).matches()) {
                            throw new ConfigException(
                                    name, value, "not a Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)");
                        }
                    },
                    Importance.HIGH,
                    "For events whose contract names no dead-letter topic, or that name no known contract.")
            .define(
                    SOURCE,
                    Type.STRING,
                    "",
                    Importance.MEDIUM,
                    "The CloudEvents `source` of every event; empty: `/waybill/<database>`, the database the "
                            + "change came from, as the relay's default.")
            .define(
                    INSTANCE,
                    Type.STRING,
                    "",
                    Importance.LOW,
                    "Recorded on every record as `ce_waybillrelay`; empty: the worker's host name (`HOSTNAME`, "
                            + "else the system's).")
            .define(
                    NON_OUTBOX_RECORDS,
                    Type.STRING,
                    "drop",
                    ConfigDef.CaseInsensitiveValidString.in("drop", "pass"),
                    Importance.MEDIUM,
                    "Records that carry no outbox event (another table, a heartbeat): `drop` them, or `pass` them "
                            + "on unchanged (then the converters must handle Debezium's structs too).")
            .define(
                    MAX_RECORD_BYTES,
                    Type.INT,
                    1_048_576,
                    ConfigDef.Range.atLeast(1024),
                    Importance.MEDIUM,
                    "A record whose size (key, value, headers and Kafka's overhead, estimated from above) is over "
                            + "this is dead-lettered as `record-too-large`, without its value, rather than sent: "
                            + "the producer would refuse it and fail the task, which a transform cannot see. Keep "
                            + "it at most the producer's `max.request.size` (the default is Kafka's) and the "
                            + "topics' `max.message.bytes`.");

    public RouterSettings(Map<?, ?> originals) {
        super(DEFINITION, originals, false);
        boolean directory = !getString(CONTRACTS_DIRECTORY).isBlank();
        boolean registry = !getString(CONTRACTS_REGISTRY_URL).isBlank();
        if (directory == registry) {
            throw new ConfigException("Set exactly one of " + CONTRACTS_DIRECTORY + " and " + CONTRACTS_REGISTRY_URL
                    + " (found " + (directory ? "both" : "neither") + ")");
        }
    }

    /** A copy of the definition: Connect may add to what it is given. */
    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    public Optional<Path> contractsDirectory() {
        String value = getString(CONTRACTS_DIRECTORY).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
    }

    public String registryUrl() {
        return getString(CONTRACTS_REGISTRY_URL).trim();
    }

    public String registryUser() {
        return getString(CONTRACTS_REGISTRY_USER);
    }

    public String registryPassword() {
        Password password = getPassword(CONTRACTS_REGISTRY_PASSWORD);
        return password == null ? null : password.value();
    }

    public Duration reloadInterval() {
        return Duration.ofMillis(getLong(CONTRACTS_RELOAD_INTERVAL_MS));
    }

    public boolean acceptDrafts() {
        return getBoolean(CONTRACTS_ACCEPT_DRAFTS);
    }

    public OutboxTable outbox() {
        return new OutboxTable(getString(OUTBOX_SCHEMA), getString(OUTBOX_TABLE));
    }

    public String deadLetterTopic() {
        return getString(DEAD_LETTER_TOPIC);
    }

    public Optional<String> source() {
        String value = getString(SOURCE).trim();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public String instance() {
        String value = getString(INSTANCE).trim();
        if (!value.isEmpty()) {
            return value;
        }
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "connect";
        }
    }

    public int maxRecordBytes() {
        return getInt(MAX_RECORD_BYTES);
    }

    public NonOutbox nonOutbox() {
        return NonOutbox.of(getString(NON_OUTBOX_RECORDS));
    }

    private static ConfigDef.Validator identifier() {
        return (name, value) -> {
            if (value == null || !IDENTIFIER.matcher(value.toString()).matches()) {
                throw new ConfigException(
                        name, value, "use 1-63 characters of a-z, 0-9 and _, not starting with a digit");
            }
        };
    }
}
