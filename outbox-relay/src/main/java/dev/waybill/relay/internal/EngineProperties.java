package dev.waybill.relay.internal;

import dev.waybill.relay.RelayConfig;
import java.net.URI;
import java.util.Properties;

/** The Debezium engine's configuration, derived from the relay's; nothing here is left to Debezium's defaults. */
final class EngineProperties {

    private EngineProperties() {}

    static Properties of(RelayConfig config) {
        RelayConfig.Database database = config.database();
        RelayConfig.Capture capture = config.capture();
        URI uri = URI.create(database.url().substring("jdbc:".length()));
        Properties properties = new Properties();
        properties.setProperty("name", config.relay().name());
        properties.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        properties.setProperty("topic.prefix", config.relay().name());

        properties.setProperty("database.hostname", uri.getHost());
        properties.setProperty("database.port", Integer.toString(uri.getPort() == -1 ? 5432 : uri.getPort()));
        properties.setProperty("database.dbname", uri.getPath().substring(1));
        if (database.user() != null) {
            properties.setProperty("database.user", database.user());
        }
        properties.setProperty("database.password", database.password().value());
        sslMode(uri).ifPresent(mode -> properties.setProperty("database.sslmode", mode));

        properties.setProperty("plugin.name", "pgoutput");
        properties.setProperty("slot.name", database.slot());
        properties.setProperty("publication.name", database.publication());
        // The migrations made the publication (insert-only, outbox table only); the relay role may not alter it.
        properties.setProperty("publication.autocreate.mode", "disabled");
        properties.setProperty(
                "table.include.list",
                database.outbox().schema() + "\\." + database.outbox().table());
        properties.setProperty(
                "snapshot.mode", capture.snapshot() == RelayConfig.Snapshot.INITIAL ? "initial" : "no_data");
        // A snapshot scans the table in heap order, which is not write order once space freed by retention is
        // reused; the id is not either (it is made when the event is built, not when it is written). Ordered by the
        // database-assigned insert order, each aggregate's backlog is published in the order it was written.
        String table = database.outbox().schema() + "." + database.outbox().table();
        properties.setProperty("snapshot.select.statement.overrides", table);
        properties.setProperty(
                "snapshot.select.statement.overrides." + table,
                "SELECT * FROM \"" + database.outbox().schema() + "\".\""
                        + database.outbox().table() + "\" ORDER BY seq");
        properties.setProperty("tombstones.on.delete", "false");
        // Events written in MESSAGE mode; every other logical decoding message (heartbeats included) is skipped.
        properties.setProperty(
                "message.prefix.include.list",
                java.util.regex.Pattern.quote(database.outbox().messagePrefix()));
        properties.setProperty("binary.handling.mode", "bytes");
        properties.setProperty("slot.drop.on.stop", "false");
        // A relay starts the engine once the slot is free, but the previous term's engine may still be reconnecting
        // on its way down: retry soon rather than after Debezium's 10 s, for up to 30 s.
        properties.setProperty("slot.retry.delay.ms", "500");
        properties.setProperty("slot.max.retries", "60");

        // Latency: Debezium's 500 ms default poll interval dominates commit -> Kafka time.
        properties.setProperty(
                "poll.interval.ms", Long.toString(capture.pollInterval().toMillis()));
        properties.setProperty("max.batch.size", Integer.toString(capture.maxBatchSize()));
        properties.setProperty("max.queue.size", Integer.toString(capture.maxQueueSize()));

        // Debezium decides when a batch's acknowledged position is stored: at the end of a batch (markBatchFinished)
        // once this much time has passed since the last store, on the engine's thread, which waits for the store.
        // Debezium's 60 s would replay a minute after a crash; 0 (the relay's default) stores after every batch,
        // which costs one round trip per batch (PostgresOffsetStore) and replays little more than the batch in flight.
        properties.setProperty(
                "offset.flush.interval.ms",
                Long.toString(capture.offsetFlushInterval().toMillis()));
        properties.setProperty("offset.flush.timeout.ms", "10000");
        if (capture.offsetStore() == RelayConfig.OffsetStore.KAFKA) {
            properties.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
            properties.setProperty("offset.storage.topic", capture.offsetTopic());
            properties.setProperty("offset.storage.partitions", "1");
            properties.setProperty(
                    "offset.storage.replication.factor", Integer.toString(capture.offsetTopicReplicationFactor()));
            properties.setProperty("bootstrap.servers", config.kafka().bootstrapServers());
            // The offset store's own clients need the same TLS and SASL settings as the producer.
            config.kafka().producer().forEach(properties::setProperty);
        } else {
            properties.setProperty("offset.storage", PostgresOffsetStore.class.getName());
            properties.setProperty(PostgresOffsetStore.URL, database.url());
            if (database.user() != null) {
                properties.setProperty(PostgresOffsetStore.USER, database.user());
            }
            properties.setProperty(
                    PostgresOffsetStore.PASSWORD, database.password().value());
            properties.setProperty(
                    PostgresOffsetStore.TABLE, '"' + database.outbox().schema() + "\".\"relay_offsets\"");
            properties.setProperty(PostgresOffsetStore.NAME, config.relay().name());
        }

        // Heartbeats move the slot forward when the outbox is idle but the database is not: a logical decoding
        // message goes through the slot without touching any table.
        properties.setProperty(
                "heartbeat.interval.ms",
                Long.toString(capture.heartbeatInterval().toMillis()));
        properties.setProperty(
                "heartbeat.action.query", "SELECT pg_logical_emit_message(false, 'waybill-heartbeat', '')");

        // A broken connection (database restart, failover) is retried, not fatal.
        properties.setProperty("errors.max.retries", "-1");
        properties.setProperty("errors.retry.delay.initial.ms", "300");
        properties.setProperty("errors.retry.delay.max.ms", "10000");
        return properties;
    }

    private static java.util.Optional<String> sslMode(URI uri) {
        String query = uri.getQuery();
        if (query == null) {
            return java.util.Optional.empty();
        }
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("sslmode=")) {
                return java.util.Optional.of(parameter.substring("sslmode=".length()));
            }
        }
        return java.util.Optional.empty();
    }
}
