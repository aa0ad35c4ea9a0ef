package dev.waybill.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waybill.testkit.TestkitException;
import dev.waybill.testkit.internal.TestkitSettings.Backend;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class TestkitSettingsTest {

    @Test
    void defaultsPickTheBackendAutomaticallyAndStartOwnServices() {
        TestkitSettings settings = TestkitSettings.from(Map.of(), new Properties());

        assertThat(settings.backend()).isEqualTo(Backend.AUTO);
        assertThat(settings.postgresUrl()).isEmpty();
        assertThat(settings.kafkaBootstrapServers()).isEmpty();
        assertThat(settings.postgresImage()).startsWith("postgres:17");
    }

    @Test
    void environmentNamesExternalServicesAndSystemPropertiesWin() {
        Properties systemProperties = new Properties();
        systemProperties.setProperty(TestkitSettings.BACKEND, "embedded");
        TestkitSettings settings = TestkitSettings.from(
                Map.of(
                        TestkitSettings.BACKEND, "containers",
                        TestkitSettings.POSTGRES_URL, "jdbc:postgresql://db:5433/postgres",
                        TestkitSettings.POSTGRES_USER, "ci",
                        TestkitSettings.KAFKA_BOOTSTRAP_SERVERS, "kafka:9092"),
                systemProperties);

        assertThat(settings.backend()).isEqualTo(Backend.EMBEDDED);
        assertThat(settings.postgresUrl()).contains("jdbc:postgresql://db:5433/postgres");
        assertThat(settings.postgresUser()).isEqualTo("ci");
        assertThat(settings.kafkaBootstrapServers()).contains("kafka:9092");
    }

    @Test
    void unknownBackendNamesTheVariableAndTheChoices() {
        assertThatThrownBy(() -> TestkitSettings.from(Map.of(TestkitSettings.BACKEND, "docker"), new Properties()))
                .isInstanceOf(TestkitException.class)
                .hasMessage("WAYBILL_TESTKIT_BACKEND='docker' is not a backend: expected one of auto, containers, "
                        + "embedded");
    }
}
