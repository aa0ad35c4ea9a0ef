package dev.waybill.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayConfigBuilderTest {

    @TempDir
    Path dir;

    private RelayConfig.Builder minimal() {
        return RelayConfig.builder()
                .set(RelaySettings.DATABASE_URL, "jdbc:postgresql://db:5432/shop")
                .set(RelaySettings.KAFKA_BOOTSTRAP_SERVERS, "kafka:9092")
                .set(RelaySettings.CONTRACTS_DIRECTORY, dir);
    }

    @Test
    void builderGivesWhatTheSameSettingsInTheEnvironmentGive() {
        RelayConfig built = minimal()
                .set(RelaySettings.RELAY_NAME, "orders")
                .set(RelaySettings.RELAY_INSTANCE, "pod-1")
                .set(RelaySettings.CAPTURE_POLL_INTERVAL, Duration.ofMillis(50))
                .set(RelaySettings.RETENTION_MODE, RelayConfig.RetentionMode.OFF)
                .set(RelaySettings.DATABASE_PASSWORD, new RelayConfig.Secret("pw"))
                .producer("linger.ms", "20")
                .build();

        RelayConfig loaded = RelayConfig.load(
                Optional.empty(),
                Map.of(
                        "WAYBILL_DATABASE_URL", "jdbc:postgresql://db:5432/shop",
                        "WAYBILL_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                        "WAYBILL_CONTRACTS_DIRECTORY", dir.toString(),
                        "WAYBILL_RELAY_NAME", "orders",
                        "WAYBILL_RELAY_INSTANCE", "pod-1",
                        "WAYBILL_CAPTURE_POLL_INTERVAL", "50ms",
                        "WAYBILL_RETENTION_MODE", "off",
                        "WAYBILL_DATABASE_PASSWORD", "pw",
                        "WAYBILL_KAFKA_PRODUCER_LINGER_MS", "20"));

        assertThat(built).isEqualTo(loaded);
        assertThat(built.database().slot()).isEqualTo("waybill_orders");
    }

    @Test
    void databaseAndKafkaShorthandsSetTheirSettings() {
        RelayConfig shorthand = RelayConfig.builder()
                .database("jdbc:postgresql://db:5432/shop", "waybill_relay", "pw")
                .kafka("kafka:9092")
                .set(RelaySettings.CONTRACTS_DIRECTORY, dir)
                .set(RelaySettings.RELAY_INSTANCE, "pod-1")
                .build();

        assertThat(shorthand)
                .isEqualTo(minimal()
                        .set(RelaySettings.DATABASE_USER, "waybill_relay")
                        .set(RelaySettings.DATABASE_PASSWORD, new RelayConfig.Secret("pw"))
                        .set(RelaySettings.RELAY_INSTANCE, "pod-1")
                        .build());
        assertThat(shorthand.database().password().value()).isEqualTo("pw");
    }

    @Test
    void builderRefusesBadValuesLikeTheReaderNamingTheBuilderAsTheSource() {
        assertThatThrownBy(() -> minimal()
                        .set(RelaySettings.CAPTURE_POLL_INTERVAL, Duration.ZERO)
                        .build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("capture.poll-interval (from RelayConfig.builder()): must be greater than 0");
        assertThatThrownBy(() -> minimal()
                        .set(RelaySettings.DATABASE_SLOT, "orders; DROP TABLE x")
                        .build())
                .hasMessage("database.slot (from RelayConfig.builder()): 'orders; DROP TABLE x' is not allowed: use "
                        + "1-63 characters of a-z, 0-9 and _");
        assertThatThrownBy(() -> minimal().set(RelaySettings.HTTP_PORT, 70000).build())
                .hasMessage("http.port (from RelayConfig.builder()): 70000 is not a port: use 0-65535 (0 picks a "
                        + "free one)");
        assertThatThrownBy(() -> minimal().producer("acks", "1").build())
                .hasMessage("kafka.producer.acks (from RelayConfig.builder()): is set by the relay itself "
                        + "(idempotent producer, acks=all, byte serializers) and cannot be overridden");
    }

    @Test
    void builderRefusesDurationsTheFileSyntaxCannotWrite() {
        assertThatThrownBy(() -> minimal()
                        .set(RelaySettings.RETENTION_KEEP, Duration.ofNanos(1500))
                        .build())
                .hasMessage("retention.keep (from RelayConfig.builder()): 1500 ns is not a whole number of "
                        + "milliseconds");
    }

    @Test
    void builderRequiresWhatTheReaderRequires() {
        assertThatThrownBy(() -> minimal().set(RelaySettings.DATABASE_URL, null).build())
                .hasMessage("database.url is missing: set it to the outbox database's JDBC URL, "
                        + "jdbc:postgresql://host:port/db (in the configuration file, or as WAYBILL_DATABASE_URL)");
        assertThatThrownBy(() ->
                        minimal().set(RelaySettings.CONTRACTS_REGISTRY, true).build())
                .hasMessageContaining("set exactly one source of contracts");
    }
}
