package dev.waybill.relay;

import dev.waybill.outbox.OutboxTable;
import dev.waybill.outbox.WaybillException;
import dev.waybill.relay.RelayConfig.OffsetStore;
import dev.waybill.relay.RelayConfig.RetentionMode;
import dev.waybill.relay.RelayConfig.Secret;
import dev.waybill.relay.RelayConfig.Snapshot;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Every relay setting, in the order of {@code docs/relay.md} (whose table is generated from here), each declared
 * once. Pass them to {@link RelayConfig.Builder#set}.
 */
public final class RelaySettings {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String IDENTIFIER_RULE = "1-63 characters of a-z, 0-9 and _";
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final String TOPIC_RULE = "a Kafka topic name (a-z, A-Z, 0-9, . _ -)";
    private static final String JDBC_PREFIX = "jdbc:postgresql://";

    /** Producer settings the relay owns: letting them through would break delivery guarantees. */
    private static final Set<String> MANAGED_PRODUCER_KEYS = Set.of(
            "bootstrap.servers",
            "key.serializer",
            "value.serializer",
            "enable.idempotence",
            "acks",
            "transactional.id");

    private static final Pattern SECRET_PRODUCER_KEY =
            Pattern.compile("(?i).*(password|secret|jaas|token|credential).*");

    // Declared before the settings: static fields initialize in order, and each setting adds itself.
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<String> RELAY_NAME = add(Setting.of(
                    "relay.name",
                    SettingType.matching(IDENTIFIER, IDENTIFIER_RULE),
                    c -> c.relay().name(),
                    "names the stream; 1-63 of `a-z0-9_`")
            .byDefault("waybill"));

    public static final Setting<String> RELAY_INSTANCE = add(Setting.of(
                    "relay.instance",
                    SettingType.text(),
                    c -> c.relay().instance(),
                    "recorded on every record (`ce_waybillrelay`)")
            .derived("the host name (`HOSTNAME`, else the system's)", values -> hostname(values.environment())));

    public static final Setting<Duration> RELAY_SHUTDOWN_TIMEOUT = add(Setting.of(
                    "relay.shutdown-timeout",
                    SettingType.duration(),
                    c -> c.relay().shutdownTimeout(),
                    "how long SIGTERM may take to drain")
            .byDefault(Duration.ofSeconds(30)));

    public static final Setting<String> DATABASE_URL = add(Setting.of(
                    "database.url",
                    SettingType.text().and(RelaySettings::requireJdbcUrl).printedAs(RelaySettings::maskUrl),
                    c -> c.database().url(),
                    "`jdbc:postgresql://host:port/database` (`?sslmode=...` is passed on)")
            .required("the outbox database's JDBC URL, jdbc:postgresql://host:port/db"));

    public static final Setting<String> DATABASE_USER = add(Setting.of(
                    "database.user",
                    SettingType.text(),
                    c -> c.database().user(),
                    "a role with `REPLICATION` (the migrations' `waybill_relay`)")
            .unset("the URL's"));

    public static final Setting<Secret> DATABASE_PASSWORD = add(Setting.of(
                    "database.password",
                    SettingType.secret(),
                    c -> c.database().password(),
                    "the database password; never in the file: a `database.password` key is refused")
            .unset("none")
            .environmentOnly());

    public static final Setting<Path> DATABASE_PASSWORD_FILE = add(Setting.of(
                    "database.password-file",
                    SettingType.file(),
                    c -> c.database().passwordFile().orElse(null),
                    "a file holding the password (Docker/Kubernetes secrets); `WAYBILL_DATABASE_PASSWORD` wins")
            .unset("none"));

    public static final Setting<String> DATABASE_SCHEMA = add(Setting.of(
                    "database.schema",
                    SettingType.text().and(schema -> requireOutboxTable(schema, OutboxTable.DEFAULT.table())),
                    c -> c.database().outbox().schema(),
                    "where the migrations ran")
            .byDefault(OutboxTable.DEFAULT.schema()));

    public static final Setting<String> DATABASE_TABLE = add(Setting.of(
                    "database.table",
                    SettingType.text().and(table -> requireOutboxTable(OutboxTable.DEFAULT.schema(), table)),
                    c -> c.database().outbox().table(),
                    "the outbox table")
            .byDefault(OutboxTable.DEFAULT.table()));

    public static final Setting<String> DATABASE_SLOT = add(Setting.of(
                    "database.slot",
                    SettingType.matching(IDENTIFIER, IDENTIFIER_RULE),
                    c -> c.database().slot(),
                    "the replication slot; created on the first start")
            .derived("`waybill_<relay.name>`", values -> "waybill_" + values.get(RELAY_NAME)));

    public static final Setting<String> DATABASE_PUBLICATION = add(Setting.of(
                    "database.publication",
                    SettingType.matching(IDENTIFIER, IDENTIFIER_RULE),
                    c -> c.database().publication(),
                    "made by the migrations; the relay never alters it")
            .derived("`<schema>_outbox`", values -> values.get(DATABASE_SCHEMA) + "_outbox"));

    public static final Setting<String> KAFKA_BOOTSTRAP_SERVERS = add(Setting.of(
                    "kafka.bootstrap-servers",
                    SettingType.text(),
                    c -> c.kafka().bootstrapServers(),
                    "the brokers")
            .required("host:port[,host:port...] of the Kafka brokers"));

    public static final Setting<String> KAFKA_DEAD_LETTER_TOPIC = add(Setting.of(
                    "kafka.dead-letter-topic",
                    SettingType.matching(TOPIC, TOPIC_RULE),
                    c -> c.kafka().deadLetterTopic(),
                    "for events whose contract names none, or that name no known contract")
            .byDefault("waybill.dead-letter"));

    public static final Setting<String> KAFKA_SOURCE = add(Setting.of(
                    "kafka.source",
                    SettingType.text(),
                    c -> c.kafka().source(),
                    "the CloudEvents `source` of every event")
            .derived("`/waybill/<database>`", values -> "/waybill/" + databaseName(values.get(DATABASE_URL))));

    public static final Setting<Duration> KAFKA_READINESS_TIMEOUT = add(Setting.of(
                    "kafka.readiness-timeout",
                    SettingType.duration(),
                    c -> c.kafka().readinessTimeout(),
                    "how long the readiness check waits for the brokers")
            .byDefault(Duration.ofSeconds(5)));

    public static final Setting<Map<String, String>> KAFKA_PRODUCER = add(Setting.of(
                    "kafka.producer",
                    SettingType.properties(SECRET_PRODUCER_KEY).and(RelaySettings::refuseManagedProducerKeys),
                    c -> c.kafka().producer(),
                    "any Kafka producer setting, e.g. `ssl.truststore.location`; `bootstrap.servers`, the "
                            + "serializers, `acks`, `enable.idempotence` and `transactional.id` belong to the relay "
                            + "and are refused")
            .byDefault(Map.of())
            .documentedDefault("see below"));

    public static final Setting<Path> CONTRACTS_DIRECTORY = add(Setting.of(
            "contracts.directory",
            SettingType.directory(),
            c -> c.contracts().directory().orElse(null),
            "a contract directory ([contracts.md](contracts.md))"));

    public static final Setting<Boolean> CONTRACTS_REGISTRY = add(Setting.of(
                    "contracts.registry",
                    SettingType.bool(),
                    c -> c.contracts().registry(),
                    "`true`: read the registry table in the outbox database. Exactly one of the two sources")
            .byDefault(false));

    public static final Setting<Duration> CONTRACTS_RELOAD_INTERVAL = add(Setting.of(
                    "contracts.reload-interval",
                    SettingType.duration(),
                    c -> c.contracts().reloadInterval(),
                    "how often to look for changed contracts; they are reloaded without a restart, and a reload "
                            + "that fails keeps the previous catalog (logged, counted)")
            .byDefault(Duration.ofSeconds(10)));

    public static final Setting<Boolean> CONTRACTS_ACCEPT_DRAFTS = add(Setting.of(
                    "contracts.accept-drafts",
                    SettingType.bool(),
                    c -> c.contracts().acceptDrafts(),
                    "publish events of `draft`/`proposed` versions (development only)")
            .byDefault(false));

    public static final Setting<Duration> CAPTURE_POLL_INTERVAL = add(Setting.of(
                    "capture.poll-interval",
                    SettingType.duration(),
                    c -> c.capture().pollInterval(),
                    "Debezium's poll interval: a batch waits this long unless it fills (Debezium's 500 ms default "
                            + "dominated latency). Debezium 3.6 spins through the last millisecond of every wait, so a "
                            + "quiet relay uses about 1 / (interval + 1 ms) of a core: 5 ms about 17%, 50 ms 2%")
            .byDefault(Duration.ofMillis(5)));

    public static final Setting<Integer> CAPTURE_MAX_BATCH_SIZE = add(Setting.of(
                    "capture.max-batch-size",
                    SettingType.positive(),
                    c -> c.capture().maxBatchSize(),
                    "events per batch")
            .byDefault(2048));

    public static final Setting<Integer> CAPTURE_MAX_QUEUE_SIZE = add(Setting.of(
                    "capture.max-queue-size",
                    SettingType.positive(),
                    c -> c.capture().maxQueueSize(),
                    "events buffered between the slot and the relay")
            .byDefault(8192));

    public static final Setting<Duration> CAPTURE_OFFSET_FLUSH_INTERVAL = add(Setting.of(
                    "capture.offset-flush-interval",
                    SettingType.durationOrZero(),
                    c -> c.capture().offsetFlushInterval(),
                    "the least time between two stores of the acknowledged position (`0s`: after every batch); a "
                            + "crash replays what was sent since the last store")
            .byDefault(Duration.ZERO));

    public static final Setting<Duration> CAPTURE_HEARTBEAT_INTERVAL = add(Setting.of(
                    "capture.heartbeat-interval",
                    SettingType.duration(),
                    c -> c.capture().heartbeatInterval(),
                    "heartbeats keep the slot moving while the outbox is idle")
            .byDefault(Duration.ofSeconds(10)));

    public static final Setting<OffsetStore> CAPTURE_OFFSET_STORE = add(Setting.of(
                    "capture.offset-store",
                    SettingType.choice(
                            OffsetStore.class,
                            "an offset store",
                            "postgres (the relay_offsets table, the default) or kafka (a compacted topic)"),
                    c -> c.capture().offsetStore(),
                    "where the position is kept: `postgres` (table `relay_offsets` in the outbox database; the "
                            + "sidecar needs nothing else) or `kafka` (a compacted topic, as Kafka Connect does)")
            .byDefault(OffsetStore.POSTGRES));

    public static final Setting<String> CAPTURE_OFFSET_TOPIC = add(Setting.of(
                    "capture.offset-topic",
                    SettingType.matching(TOPIC, TOPIC_RULE),
                    c -> c.capture().offsetTopic(),
                    "the topic, with `offset-store: kafka` (created compacted if missing)")
            .derived("`waybill.offsets.<relay.name>`", values -> "waybill.offsets." + values.get(RELAY_NAME)));

    public static final Setting<Integer> CAPTURE_OFFSET_TOPIC_REPLICATION_FACTOR = add(Setting.of(
                    "capture.offset-topic-replication-factor",
                    SettingType.integer().and(factor -> {
                        if (factor == 0 || factor < -1) {
                            throw new SettingType.Invalid(factor + " is not a replication factor: use -1 (the "
                                    + "broker's default) or a positive number");
                        }
                    }),
                    c -> c.capture().offsetTopicReplicationFactor(),
                    "its replication factor")
            .byDefault(-1)
            .documentedDefault("`-1` (the broker's default)"));

    public static final Setting<Snapshot> CAPTURE_SNAPSHOT = add(Setting.of(
                    "capture.snapshot",
                    SettingType.choice(
                            Snapshot.class,
                            "a snapshot mode",
                            "initial (publish rows already in the outbox on the first start) or none"),
                    c -> c.capture().snapshot(),
                    "on the very first start: `initial` publishes the rows already in the outbox (in insert order, so "
                            + "each aggregate's backlog keeps the order it was written in), `none` only what commits "
                            + "from then on")
            .byDefault(Snapshot.INITIAL));

    public static final Setting<RetentionMode> RETENTION_MODE = add(Setting.of(
                    "retention.mode",
                    SettingType.choice(
                            RetentionMode.class,
                            "a retention mode",
                            "delete-after (delete rows older than retention.keep) or off"),
                    c -> c.retention().mode(),
                    "`delete-after`: delete rows older than `retention.keep`; `off`")
            .byDefault(RetentionMode.DELETE_AFTER));

    public static final Setting<Duration> RETENTION_KEEP = add(Setting.of(
                    "retention.keep",
                    SettingType.duration(),
                    c -> c.retention().keep(),
                    "how long captured rows stay (the window for recovering a lost slot)")
            .byDefault(Duration.ofHours(24)));

    public static final Setting<Integer> RETENTION_BATCH_SIZE = add(Setting.of(
                    "retention.batch-size",
                    SettingType.positive(),
                    c -> c.retention().batchSize(),
                    "rows per `DELETE`")
            .byDefault(5000));

    public static final Setting<Duration> RETENTION_INTERVAL = add(Setting.of(
                    "retention.interval",
                    SettingType.duration(),
                    c -> c.retention().interval(),
                    "how often retention runs")
            .byDefault(Duration.ofMinutes(1)));

    public static final Setting<Boolean> HTTP_ENABLED = add(Setting.of(
                    "http.enabled",
                    SettingType.bool(),
                    c -> c.http().enabled(),
                    "serve health and metrics over HTTP; `false` when the relay runs inside an application that "
                            + "reports them itself (the Spring Boot starter's default)")
            .byDefault(true));

    public static final Setting<String> HTTP_HOST =
            add(Setting.of("http.host", SettingType.text(), c -> c.http().host(), "health and metrics listen address")
                    .byDefault("0.0.0.0"));

    public static final Setting<Integer> HTTP_PORT = add(Setting.of(
                    "http.port",
                    SettingType.integer().and(port -> {
                        if (port < 0 || port > 65535) {
                            throw new SettingType.Invalid(port + " is not a port: use 0-65535 (0 picks a free one)");
                        }
                    }),
                    c -> c.http().port(),
                    "`0` picks a free port")
            .byDefault(8080));

    private static final List<Setting<?>> ALL = List.copyOf(DECLARED);

    private RelaySettings() {}

    /** Every setting, in documentation order: a derived default only uses settings before it. */
    public static List<Setting<?>> all() {
        return ALL;
    }

    private static <T> Setting<T> add(Setting<T> setting) {
        DECLARED.add(setting);
        return setting;
    }

    private static void requireJdbcUrl(String url) {
        if (!url.startsWith(JDBC_PREFIX)) {
            throw new SettingType.Invalid(
                    "'" + url + "' is not a PostgreSQL JDBC URL: expected " + "jdbc:postgresql://host:port/database");
        }
    }

    /** A password in the URL's query is a secret too. */
    private static String maskUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***");
    }

    /** The outbox's names end up in SQL text: {@link OutboxTable} decides what is allowed. */
    private static void requireOutboxTable(String schema, String table) {
        try {
            new OutboxTable(schema, table);
        } catch (WaybillException e) {
            throw new SettingType.Invalid(e.getMessage());
        }
    }

    private static void refuseManagedProducerKeys(Map<String, String> producer) {
        new TreeSet<>(producer.keySet())
                .stream().filter(MANAGED_PRODUCER_KEYS::contains).findFirst().ifPresent(key -> {
                    throw new SettingType.Invalid(
                            key,
                            "is set by the relay itself (idempotent producer, acks=all, "
                                    + "byte serializers) and cannot be overridden");
                });
    }

    private static String databaseName(String url) {
        String rest = url.substring(JDBC_PREFIX.length());
        int slash = rest.indexOf('/');
        String database = slash < 0 ? "" : rest.substring(slash + 1);
        int query = database.indexOf('?');
        return query < 0 ? database : database.substring(0, query);
    }

    /** The given environment's {@code HOSTNAME} (set in containers), else the system's host name. */
    private static String hostname(Map<String, String> environment) {
        String fromEnvironment = environment.get("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "relay";
        }
    }
}
