package dev.waybill.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waybill.collector.CollectorSetting.Scope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad configuration stops the start-up with a message that says what to fix. */
class CollectorConfigTest {

    @TempDir
    Path temp;

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new java.util.HashMap<>();
        env.put("WAYBILL_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("WAYBILL_AUTH_ANONYMOUS", "true");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void fileAndEnvironmentWithTheEnvironmentWinning() throws Exception {
        Path file = temp.resolve("collector.yaml");
        Files.writeString(file, """
                kafka:
                  bootstrap-servers: file:9092
                  producer:
                    linger.ms: 20
                    sasl.jaas.config: secret-stuff
                collector:
                  ack-mode: buffered
                  ack-timeout: 3s
                limits:
                  max-request-size: 2MiB
                cors:
                  allowed-origins: [https://a.example, https://b.example]
                """);
        CollectorConfig config =
                CollectorConfig.load(Optional.of(file), env("WAYBILL_COLLECTOR_ACK_TIMEOUT", "PT5S"), Scope.COLLECT);
        assertThat(config.get(CollectorSettings.BOOTSTRAP_SERVERS)).isEqualTo("kafka:9092");
        assertThat(config.get(CollectorSettings.ACK_MODE)).isEqualTo(AckMode.BUFFERED);
        assertThat(config.get(CollectorSettings.ACK_TIMEOUT)).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.get(CollectorSettings.MAX_REQUEST_SIZE)).isEqualTo(2L * 1024 * 1024);
        assertThat(config.get(CollectorSettings.CORS_ORIGINS))
                .containsExactly("https://a.example", "https://b.example");
        assertThat(config.get(CollectorSettings.RATE_LIMIT_BURST)).isEqualTo(2000);
        assertThat(config.producer()).containsEntry("linger.ms", "20");
        assertThat(config.describe()).contains("sasl.jaas.config: ***").doesNotContain("secret-stuff");
    }

    @Test
    void aBadValueNamesTheKeyTheSourceAndWhatIsExpected() {
        assertThatThrownBy(() -> CollectorConfig.load(
                        Optional.empty(), env("WAYBILL_COLLECTOR_ACK_MODE", "sometimes"), Scope.COLLECT))
                .isInstanceOf(CollectorConfigException.class)
                .hasMessage("collector.ack-mode (from environment variable WAYBILL_COLLECTOR_ACK_MODE): 'sometimes'"
                        + " is not kafka or buffered");
        assertThatThrownBy(() -> CollectorConfig.load(
                        Optional.empty(), env("WAYBILL_LIMITS_MAX_EVENT_SIZE", "lots"), Scope.COLLECT))
                .hasMessageContaining("limits.max-event-size")
                .hasMessageContaining("a size in bytes");
    }

    @Test
    void missingRequiredSettingsAndUnknownKeysAreRefused() throws Exception {
        assertThatThrownBy(() -> CollectorConfig.load(Optional.empty(), Map.of(), Scope.COLLECT))
                .hasMessageContaining("kafka.bootstrap-servers is required")
                .hasMessageContaining("WAYBILL_KAFKA_BOOTSTRAP_SERVERS");
        assertThatThrownBy(() -> CollectorConfig.load(
                        Optional.empty(), Map.of("WAYBILL_KAFKA_BOOTSTRAP_SERVERS", "k:9092"), Scope.COLLECT))
                .hasMessageContaining("auth.tokens is required");
        assertThatThrownBy(() -> CollectorConfig.load(
                        Optional.empty(), Map.of("WAYBILL_KAFKA_BOOTSTRAP_SERVERS", "k:9092"), Scope.VALIDATE))
                .hasMessageContaining("contracts.directory is required");
        Path file = temp.resolve("typo.yaml");
        Files.writeString(file, "collector:\n  ack-mod: kafka\n");
        assertThatThrownBy(() -> CollectorConfig.load(Optional.of(file), env(), Scope.COLLECT))
                .hasMessageContaining("unknown key(s) [collector.ack-mod]");
    }

    @Test
    void settingsTheCollectorOwnsAreRefused() {
        assertThatThrownBy(() ->
                        CollectorConfig.load(Optional.empty(), env("WAYBILL_KAFKA_PRODUCER_ACKS", "1"), Scope.COLLECT))
                .hasMessageContaining("kafka.producer.acks belongs to the collector");
        assertThatThrownBy(() -> CollectorConfig.load(
                        Optional.empty(),
                        env("WAYBILL_LIMITS_MAX_EVENT_SIZE", "2MiB", "WAYBILL_LIMITS_MAX_REQUEST_SIZE", "1MiB"),
                        Scope.COLLECT))
                .hasMessageContaining("limits.max-event-size (2097152) is larger than limits.max-request-size");
    }

    @Test
    void aBadTokenFileStopsTheStartWithoutShowingTheToken() throws Exception {
        Path tokens = temp.resolve("tokens");
        Files.writeString(tokens, "shop-frontend tiny-tok\n");
        CollectorConfig config = CollectorConfig.load(
                Optional.empty(),
                Map.of("WAYBILL_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:1", "WAYBILL_AUTH_TOKENS", tokens.toString()),
                Scope.COLLECT);
        assertThatThrownBy(() -> Collector.start(config))
                .isInstanceOf(CollectorConfigException.class)
                .hasMessageContaining("line 1")
                .hasMessageContaining("shorter than 16 characters")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tiny-tok"));
    }

    @Test
    void everySettingHasAVariableAndADescription() {
        List<String> keys =
                CollectorSettings.ALL.stream().map(CollectorSetting::key).toList();
        assertThat(keys).doesNotHaveDuplicates();
        CollectorSettings.ALL.forEach(setting -> {
            assertThat(setting.variable()).startsWith("WAYBILL_");
            assertThat(setting.description()).isNotBlank();
        });
    }
}
