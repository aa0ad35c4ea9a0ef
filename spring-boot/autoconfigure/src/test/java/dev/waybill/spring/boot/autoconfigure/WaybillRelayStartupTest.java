package dev.waybill.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.relay.ConfigurationException;
import dev.waybill.relay.Relay;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** What start-up says when the relay cannot run, and where its settings come from; no database needed. */
class WaybillRelayStartupTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WaybillRelayAutoConfiguration.class))
            .withPropertyValues(
                    "waybill.relay.database.url=jdbc:postgresql://localhost:1/shop",
                    "waybill.relay.kafka.bootstrap-servers=localhost:1",
                    "waybill.relay.contracts.directory=" + RelayTesting.contracts());

    @Test
    void relayIsOffUnlessEnabled() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(WaybillRelay.class));
    }

    @Test
    void badRelaySettingFailsStartUpNamingTheProperty() {
        runner.withPropertyValues("waybill.relay.enabled=true", "waybill.relay.capture.poll-interval=fast")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .isInstanceOf(ConfigurationException.class)
                        .hasMessage("waybill.relay.capture.poll-interval (from the application's properties): 'fast' "
                                + "is not a duration: use a number and a unit, for example 500ms, 10s, 5m, 24h or 7d"));
    }

    @Test
    void unknownRelaySettingFailsStartUpWithASuggestion() {
        runner.withPropertyValues("waybill.relay.enabled=true", "waybill.relay.capture.pol-interval=5ms")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("Unknown configuration key 'waybill.relay.capture.pol-interval'")
                        .hasMessageContaining("did you mean 'waybill.relay.capture.poll-interval'?"));
    }

    @Test
    void enabledRelayWithoutOutboxRelayOnTheClassPathSaysWhatToAdd() {
        runner.withPropertyValues("waybill.relay.enabled=true")
                .withClassLoader(new FilteredClassLoader(Relay.class))
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("waybill.relay.enabled=true")
                        .hasMessageContaining("add the dependency dev.waybill:outbox-relay"));
    }

    @Test
    void settingsComeFromTheApplicationUnlessTheRelaySetsThem() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "application",
                        Map.of(
                                "waybill.relay.enabled", "true",
                                "waybill.relay.name", "orders",
                                "waybill.relay.kafka.producer.linger.ms", "5",
                                "spring.kafka.bootstrap-servers", "k1:9092,k2:9092",
                                "waybill.outbox.schema", "shop")));
        Map<String, String> properties =
                WaybillRelayAutoConfiguration.relayProperties(environment, new DefaultListableBeanFactory());

        assertThat(properties)
                .doesNotContainKey("enabled")
                .containsEntry("name", "orders")
                .containsEntry("kafka.producer.linger.ms", "5")
                .containsEntry("kafka.bootstrap-servers", "k1:9092,k2:9092")
                .containsEntry("database.schema", "shop")
                .containsEntry("http.enabled", "false");

        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        "more",
                        Map.of(
                                "waybill.relay.kafka.bootstrap-servers",
                                "own:9092",
                                "waybill.relay.http.enabled",
                                "true")));
        assertThat(WaybillRelayAutoConfiguration.relayProperties(environment, new DefaultListableBeanFactory()))
                .containsEntry("kafka.bootstrap-servers", "own:9092")
                .containsEntry("http.enabled", "true");
    }

    @Test
    void environmentVariablesSetRelaySettingsByRelaxedBinding() {
        StandardEnvironment environment = new StandardEnvironment();
        environment
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new org.springframework.core.env.SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of(
                                        "WAYBILL_RELAY_ENABLED", "true",
                                        "WAYBILL_RELAY_DATABASE_URL", "jdbc:postgresql://db:5432/shop",
                                        "WAYBILL_RELAY_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                                        "WAYBILL_RELAY_CONTRACTS_DIRECTORY",
                                                RelayTesting.contracts().toString(),
                                        "WAYBILL_RELAY_CAPTURE_POLL_INTERVAL", "20ms",
                                        "WAYBILL_RELAY_SHUTDOWN_TIMEOUT", "45s",
                                        "WAYBILL_RELAY_KAFKA_PRODUCER_LINGER_MS", "5")));
        Map<String, String> properties =
                WaybillRelayAutoConfiguration.relayProperties(environment, new DefaultListableBeanFactory());

        dev.waybill.relay.RelayConfig config =
                dev.waybill.relay.RelayConfig.fromProperties(properties, WaybillRelayAutoConfiguration.PREFIX);

        assertThat(config.capture().pollInterval()).isEqualTo(java.time.Duration.ofMillis(20));
        assertThat(config.relay().shutdownTimeout()).isEqualTo(java.time.Duration.ofSeconds(45));
        assertThat(config.kafka().producer()).containsEntry("linger.ms", "5");
        assertThat(config.http().enabled()).isFalse();
    }
}
