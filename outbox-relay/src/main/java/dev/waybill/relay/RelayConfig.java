package dev.waybill.relay;

import dev.waybill.outbox.OutboxTable;
import dev.waybill.relay.internal.ConfigReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the relay needs, typed and checked. Built from a YAML file and environment variables by
 * {@link #load(Optional, Map)}; every key, its default and its variable are documented in {@code docs/relay.md}.
 */
public record RelayConfig(
        Relay relay, Database database, Kafka kafka, Contracts contracts, Capture capture, Retention retention,
        Http http) {

    /** Who this relay is. {@code name} names the stream: the slot and the stored offsets belong to it. */
    public record Relay(String name, String instance, Duration shutdownTimeout) {}

    /** The outbox's database. The password is a secret: from the environment or a file, never logged. */
    public record Database(
            String url, String user, Secret password, OutboxTable outbox, String slot, String publication) {}

    /** Where events go. {@code producer} passes through to the Kafka producer (TLS, SASL, tuning). */
    public record Kafka(
            String bootstrapServers, String deadLetterTopic, String source, Map<String, String> producer,
            Duration readinessTimeout) {}

    /** Where contracts come from: a directory, or the registry table in the outbox's database. */
    public record Contracts(Optional<Path> directory, boolean registry, Duration reloadInterval,
            boolean acceptDrafts) {}

    /** Debezium tuning: these decide latency and the replay window after a crash. */
    public record Capture(
            Duration pollInterval, int maxBatchSize, int maxQueueSize, Duration offsetFlushInterval,
            Duration heartbeatInterval, Snapshot snapshot, OffsetStore offsetStore, String offsetTopic,
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

    /** The health and metrics endpoints. Port 0 picks a free port. */
    public record Http(String host, int port) {}

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

    /** The configuration as YAML with secrets masked, for logs and {@code --print-config}. */
    public String describe() {
        return ConfigReader.describe(this);
    }
}
