package dev.waybill.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --print-config} prints the file that gives the same configuration. */
class PrintConfigTest {

    @TempDir
    Path dir;

    private RelayConfig.Builder everySettingSet() {
        return RelayConfig.builder()
                .set(RelaySettings.RELAY_NAME, "orders")
                .set(RelaySettings.RELAY_INSTANCE, "pod-1")
                .set(RelaySettings.RELAY_SHUTDOWN_TIMEOUT, Duration.ofSeconds(90))
                .set(RelaySettings.DATABASE_URL, "jdbc:postgresql://db:5432/shop?sslmode=require")
                .set(RelaySettings.DATABASE_USER, "waybill_relay")
                .set(RelaySettings.DATABASE_SCHEMA, "shop")
                .set(RelaySettings.DATABASE_TABLE, "events")
                .set(RelaySettings.DATABASE_SLOT, "orders_slot")
                .set(RelaySettings.DATABASE_PUBLICATION, "orders_pub")
                .set(RelaySettings.KAFKA_BOOTSTRAP_SERVERS, "kafka-1:9092,kafka-2:9092")
                .set(RelaySettings.KAFKA_DEAD_LETTER_TOPIC, "orders.dead-letter")
                // Text YAML would read differently unquoted: a comment sign, a mapping indicator, a keyword.
                .set(RelaySettings.KAFKA_SOURCE, "/shop: orders #1")
                .set(RelaySettings.KAFKA_READINESS_TIMEOUT, Duration.ofMillis(1500))
                .producer("linger.ms", "007")
                .producer("client.id", "yes")
                .producer("ssl.endpoint.identification.algorithm", "")
                .set(RelaySettings.CONTRACTS_DIRECTORY, dir)
                .set(RelaySettings.CONTRACTS_RELOAD_INTERVAL, Duration.ofHours(36))
                .set(RelaySettings.CONTRACTS_ACCEPT_DRAFTS, true)
                .set(RelaySettings.CAPTURE_POLL_INTERVAL, Duration.ofMillis(50))
                .set(RelaySettings.CAPTURE_MAX_BATCH_SIZE, 100)
                .set(RelaySettings.CAPTURE_MAX_QUEUE_SIZE, 400)
                .set(RelaySettings.CAPTURE_OFFSET_FLUSH_INTERVAL, Duration.ofMinutes(2))
                .set(RelaySettings.CAPTURE_HEARTBEAT_INTERVAL, Duration.ofDays(7))
                .set(RelaySettings.CAPTURE_OFFSET_STORE, RelayConfig.OffsetStore.KAFKA)
                .set(RelaySettings.CAPTURE_OFFSET_TOPIC, "orders.offsets")
                .set(RelaySettings.CAPTURE_OFFSET_TOPIC_REPLICATION_FACTOR, 3)
                .set(RelaySettings.CAPTURE_SNAPSHOT, RelayConfig.Snapshot.NONE)
                .set(RelaySettings.RETENTION_MODE, RelayConfig.RetentionMode.OFF)
                .set(RelaySettings.RETENTION_KEEP, Duration.ofHours(24))
                .set(RelaySettings.RETENTION_BATCH_SIZE, 10)
                .set(RelaySettings.RETENTION_INTERVAL, Duration.ofSeconds(30))
                .set(RelaySettings.HTTP_ENABLED, false)
                .set(RelaySettings.HTTP_HOST, "127.0.0.1")
                .set(RelaySettings.HTTP_PORT, 0);
    }

    private RelayConfig loadPrinted(RelayConfig config) throws IOException {
        Path file = Files.writeString(dir.resolve("printed.yaml"), config.describe());
        return RelayConfig.load(Optional.of(file), Map.of());
    }

    @Test
    void printedConfigurationLoadsBackToAnEqualOne() throws IOException {
        RelayConfig config = everySettingSet().build();

        assertThat(loadPrinted(config)).isEqualTo(config);
    }

    @Test
    void printedDefaultsLoadBackToTheSameDefaults() throws IOException {
        RelayConfig config = RelayConfig.builder()
                .set(RelaySettings.DATABASE_URL, "jdbc:postgresql://db/shop")
                .set(RelaySettings.KAFKA_BOOTSTRAP_SERVERS, "kafka:9092")
                .set(RelaySettings.CONTRACTS_REGISTRY, true)
                .build();

        assertThat(loadPrinted(config)).isEqualTo(config);
    }

    @Test
    void printedConfigurationUsesTheAcceptedSyntaxAndLeavesUnsetKeysOut() {
        String printed = RelayConfig.builder()
                .set(RelaySettings.DATABASE_URL, "jdbc:postgresql://db/shop")
                .set(RelaySettings.KAFKA_BOOTSTRAP_SERVERS, "kafka:9092")
                .set(RelaySettings.CONTRACTS_REGISTRY, true)
                .build()
                .describe();

        assertThat(printed)
                .contains(
                        "  shutdown-timeout: 30s\n",
                        "  poll-interval: 5ms\n",
                        "  keep: 24h\n",
                        "  interval: 1m\n",
                        "  mode: delete-after\n",
                        "  registry: true\n")
                .doesNotContain("PT", "(none)", "user:", "password", "directory:", "producer:");
    }

    @Test
    void secretsArePrintedOnlyAsCommentsAndAreNotLoadedBack() throws IOException {
        RelayConfig config = everySettingSet()
                .set(RelaySettings.DATABASE_URL, "jdbc:postgresql://db/shop?password=in-the-url")
                .set(RelaySettings.DATABASE_PASSWORD, new RelayConfig.Secret("from-the-environment"))
                .producer("sasl.jaas.config", "PlainLoginModule required password=\"kafka-secret\";")
                .build();

        String printed = config.describe();
        RelayConfig reloaded = loadPrinted(config);

        assertThat(printed)
                .doesNotContain("in-the-url", "from-the-environment", "kafka-secret")
                .contains("    # sasl.jaas.config: ***\n", "password=***");
        assertThat(reloaded.database().password().isPresent()).isFalse();
        assertThat(reloaded.kafka().producer()).doesNotContainKey("sasl.jaas.config");
    }
}
