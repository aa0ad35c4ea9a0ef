package dev.waybill.relay;

import static dev.waybill.relay.RelaySettings.*;

import dev.waybill.outbox.OutboxTable;
import dev.waybill.relay.RelayConfig.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Puts resolved setting values together into a {@link RelayConfig}: the rules that span settings, the password,
 * and where each value goes. The reader and the builder both end here.
 */
final class ConfigAssembly {

    private ConfigAssembly() {}

    static RelayConfig assemble(SettingValues values) {
        Path directory = values.get(CONTRACTS_DIRECTORY);
        boolean registry = values.get(CONTRACTS_REGISTRY);
        if ((directory != null) == registry) {
            throw values.error(
                    directory != null ? CONTRACTS_REGISTRY.key() : CONTRACTS_DIRECTORY.key(),
                    "set exactly one source of contracts: contracts.directory (a folder of contract files) or "
                            + "contracts.registry: true (the registry table in the outbox database)");
        }
        Map<String, String> producer = values.get(KAFKA_PRODUCER);
        return new RelayConfig(
                new RelayConfig.Relay(
                        values.get(RELAY_NAME), values.get(RELAY_INSTANCE), values.get(RELAY_SHUTDOWN_TIMEOUT)),
                new RelayConfig.Database(
                        values.get(DATABASE_URL),
                        values.get(DATABASE_USER),
                        password(values),
                        Optional.ofNullable(values.get(DATABASE_PASSWORD_FILE)),
                        new OutboxTable(values.get(DATABASE_SCHEMA), values.get(DATABASE_TABLE)),
                        values.get(DATABASE_SLOT),
                        values.get(DATABASE_PUBLICATION)),
                new RelayConfig.Kafka(
                        values.get(KAFKA_BOOTSTRAP_SERVERS),
                        values.get(KAFKA_DEAD_LETTER_TOPIC),
                        values.get(KAFKA_SOURCE),
                        Map.copyOf(producer),
                        values.get(KAFKA_READINESS_TIMEOUT)),
                new RelayConfig.Contracts(
                        Optional.ofNullable(directory),
                        registry,
                        values.get(CONTRACTS_RELOAD_INTERVAL),
                        values.get(CONTRACTS_ACCEPT_DRAFTS)),
                new RelayConfig.Capture(
                        values.get(CAPTURE_POLL_INTERVAL),
                        values.get(CAPTURE_MAX_BATCH_SIZE),
                        values.get(CAPTURE_MAX_QUEUE_SIZE),
                        values.get(CAPTURE_OFFSET_FLUSH_INTERVAL),
                        values.get(CAPTURE_HEARTBEAT_INTERVAL),
                        values.get(CAPTURE_SNAPSHOT),
                        values.get(CAPTURE_OFFSET_STORE),
                        values.get(CAPTURE_OFFSET_TOPIC),
                        values.get(CAPTURE_OFFSET_TOPIC_REPLICATION_FACTOR)),
                new RelayConfig.Retention(
                        values.get(RETENTION_MODE),
                        values.get(RETENTION_KEEP),
                        values.get(RETENTION_BATCH_SIZE),
                        values.get(RETENTION_INTERVAL)),
                new RelayConfig.Http(values.get(HTTP_ENABLED), values.get(HTTP_HOST), values.get(HTTP_PORT)));
    }

    /** The password given (from the environment, or in code) wins over the password file. */
    private static Secret password(SettingValues values) {
        Secret given = values.get(DATABASE_PASSWORD);
        if (given != null && given.isPresent()) {
            return given;
        }
        Path file = values.get(DATABASE_PASSWORD_FILE);
        if (file == null) {
            return Secret.NONE;
        }
        try {
            return new Secret(Files.readString(file).strip());
        } catch (IOException e) {
            throw values.error(DATABASE_PASSWORD_FILE.key(), "'" + file + "' cannot be read: " + e.getMessage());
        }
    }
}
