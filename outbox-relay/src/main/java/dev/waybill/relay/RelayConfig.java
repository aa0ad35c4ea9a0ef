package dev.waybill.relay;

import dev.waybill.outbox.OutboxTable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything the relay needs, typed and checked. Built from a YAML file and environment variables by
 * {@link #load(Optional, Map)}, or in code by {@link #builder()}; both check the same rules. Every setting is declared
 * in {@link RelaySettings}, and listed with its default and its variable in {@code docs/relay.md}.
 */
public record RelayConfig(
        Relay relay,
        Database database,
        Kafka kafka,
        Contracts contracts,
        Capture capture,
        Retention retention,
        Http http) {

    /** Who this relay is. {@code name} names the stream: the slot and the stored offsets belong to it. */
    public record Relay(String name, String instance, Duration shutdownTimeout) {}

    /**
     * The outbox's database. The password is a secret: from the environment or {@code passwordFile}, never logged.
     * {@code user} is {@code null} when the URL names it.
     */
    public record Database(
            String url,
            String user,
            Secret password,
            Optional<Path> passwordFile,
            OutboxTable outbox,
            String slot,
            String publication) {}

    /** Where events go. {@code producer} passes through to the Kafka producer (TLS, SASL, tuning). */
    public record Kafka(
            String bootstrapServers,
            String deadLetterTopic,
            String source,
            Map<String, String> producer,
            Duration readinessTimeout) {}

    /** Where contracts come from: a directory, or the registry table in the outbox's database. */
    public record Contracts(
            Optional<Path> directory, boolean registry, Duration reloadInterval, boolean acceptDrafts) {}

    /** Debezium tuning: these decide latency and the replay window after a crash. */
    public record Capture(
            Duration pollInterval,
            int maxBatchSize,
            int maxQueueSize,
            Duration offsetFlushInterval,
            Duration heartbeatInterval,
            Snapshot snapshot,
            OffsetStore offsetStore,
            String offsetTopic,
            int offsetTopicReplicationFactor) {}

    /** Where the relay keeps its position in the WAL. */
    public enum OffsetStore {
        /** The {@code relay_offsets} table in the outbox's database (the default: the sidecar needs nothing else). */
        POSTGRES,
        /** A compacted Kafka topic, as Kafka Connect keeps offsets. */
        KAFKA
    }

    /** What happens to the first start's existing outbox rows. */
    public enum Snapshot {
        /** Publish the rows already in the outbox, then stream: nothing written before the first start is lost. */
        INITIAL,
        /** Stream only what is committed from now on. */
        NONE
    }

    /** How captured outbox rows are removed. */
    public record Retention(RetentionMode mode, Duration keep, int batchSize, Duration interval) {}

    public enum RetentionMode {
        /** Delete rows older than {@code keep} (by their UUIDv7 id), in bounded batches. */
        DELETE_AFTER,
        /** Never delete (someone else does). */
        OFF
    }

    /** The health and metrics endpoints, unless not {@code enabled}. Port 0 picks a free port. */
    public record Http(boolean enabled, String host, int port) {}

    /** A secret value: its {@code toString} never shows it. */
    public record Secret(String value) {
        public static final Secret NONE = new Secret("");

        public boolean isPresent() {
            return !value.isEmpty();
        }

        @Override
        public String toString() {
            return value.isEmpty() ? "(none)" : "***";
        }
    }

    /**
     * Reads the configuration file (if any) and the {@code WAYBILL_*} environment variables, which win.
     *
     * @throws ConfigurationException naming the key, its source and what is expected
     */
    public static RelayConfig load(Optional<Path> file, Map<String, String> environment) {
        return ConfigReader.read(file, environment);
    }

    /**
     * The configuration flat properties give, as a framework's configuration holds them: keys as in the file ({@code
     * capture.poll-interval}, {@code kafka.producer.linger.ms}; relaxed forms such as {@code capture.poll.interval}
     * are accepted), values as text. The {@code relay} section's keys go without it, as {@code prefix} already
     * says relay: {@code name}, {@code instance}, {@code shutdown-timeout} ({@code relay.name} is accepted too). Same defaults, rules and messages as {@link #load}, every key named with {@code
     * prefix} in front ({@code waybill.relay.capture.poll-interval}). Unlike the file, the properties may hold {@code
     * database.password}: an application's property sources are where it keeps its secrets. The environment's
     * {@code WAYBILL_*} variables are not read.
     *
     * @throws ConfigurationException naming the key (with {@code prefix}) and what is expected
     */
    public static RelayConfig fromProperties(Map<String, String> properties, String prefix) {
        return ConfigReader.read(properties, prefix);
    }

    /** A configuration set in code: {@code RelayConfig.builder().set(RelaySettings.DATABASE_URL, url)...build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The configuration as the YAML file that gives it (it loads again with {@code --config}), secrets masked; for
     * {@code --print-config} and logs.
     */
    public String describe() {
        return ConfigPrinter.yaml(this);
    }

    /**
     * Sets settings in code, then checks them as a file and the environment would be: same defaults, same rules,
     * same messages (with {@code RelayConfig.builder()} as the source). Nothing is read from the environment except
     * {@code HOSTNAME} for the default {@code relay.instance}.
     */
    public static final class Builder {

        private static final String SOURCE = "RelayConfig.builder()";

        private final Map<Setting<?>, Object> values = new HashMap<>();

        private Builder() {}

        /** Sets {@code setting}; {@code null} takes it back to its default. */
        public <T> Builder set(Setting<T> setting, T value) {
            if (value == null) {
                values.remove(setting);
            } else {
                values.put(setting, value);
            }
            return this;
        }

        /** The outbox database: {@code database.url}, {@code database.user} and the password. */
        public Builder database(String url, String user, String password) {
            return set(RelaySettings.DATABASE_URL, url)
                    .set(RelaySettings.DATABASE_USER, user)
                    .set(RelaySettings.DATABASE_PASSWORD, password == null ? null : new Secret(password));
        }

        /** The brokers: {@code kafka.bootstrap-servers}. */
        public Builder kafka(String bootstrapServers) {
            return set(RelaySettings.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        }

        /** One Kafka producer setting ({@code kafka.producer.<key>}), for example {@code linger.ms}. */
        public Builder producer(String key, String value) {
            @SuppressWarnings("unchecked") // set() only takes the setting's own type
            Map<String, String> producer =
                    (Map<String, String>) values.getOrDefault(RelaySettings.KAFKA_PRODUCER, Map.of());
            Map<String, String> more = new TreeMap<>(producer);
            more.put(key, value);
            values.put(RelaySettings.KAFKA_PRODUCER, more);
            return this;
        }

        /** @throws ConfigurationException naming the setting and what is expected */
        public RelayConfig build() {
            Map<String, String> sources = new HashMap<>();
            values.forEach((setting, value) -> {
                sources.put(setting.key(), SOURCE);
                if (value instanceof Map<?, ?> entries) {
                    entries.keySet().forEach(entry -> sources.put(setting.key() + "." + entry, SOURCE));
                }
            });
            return ConfigAssembly.assemble(
                    SettingValues.resolve(RelaySettings.all(), values, sources, System.getenv()));
        }
    }
}
