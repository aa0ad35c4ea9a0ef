package dev.waybill.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example configuration the distribution ships is the one {@link RelaySettings} declares, and it loads. */
class SettingsYamlTest {

    private static final Path SHIPPED = Path.of("../distribution/src/main/config/relay.yaml");

    @TempDir
    Path dir;

    @Test
    void shippedExampleIsTheOneRenderedFromTheSettings() throws IOException {
        String expected = SettingsYaml.render();
        Path rendered = Files.writeString(Path.of("target/relay.yaml"), expected);

        assertThat(Files.readString(SHIPPED))
                .as("%s differs from the settings' declaration: copy %s over it", SHIPPED, rendered.toAbsolutePath())
                .isEqualTo(expected);
    }

    @Test
    void everySettingOfTheExampleIsThereOnceWithItsVariable() {
        String example = SettingsYaml.render();
        for (Setting<?> setting : RelaySettings.all()) {
            String name = setting.key().substring(setting.key().indexOf('.') + 1);
            assertThat(example).contains(setting.variable());
            if (!setting.isEnvironmentOnly()) {
                assertThat(example.split("\n  #" + name + ":", -1))
                        .as("lines setting %s", setting.key())
                        .hasSize(2);
            }
        }
    }

    @Test
    void exampleAsShippedLoadsAsTheDefaults() throws IOException {
        Path example = Files.writeString(dir.resolve("relay.yaml"), SettingsYaml.render());

        assertThat(RelayConfig.load(Optional.of(example), required()).describe())
                .isEqualTo(RelayConfig.load(Optional.empty(), required()).describe());
    }

    @Test
    void uncommentingEveryLineOfTheExampleStillGivesTheDefaults() throws IOException {
        String uncommented = SettingsYaml.render().replaceAll("(?m)^  #(?! )", "  ");
        assertThat(uncommented).contains("\n  name: waybill\n", "\n  port: 8080\n");
        Path example = Files.writeString(dir.resolve("relay.yaml"), uncommented);

        assertThat(RelayConfig.load(Optional.of(example), required()).describe())
                .isEqualTo(RelayConfig.load(Optional.empty(), required()).describe());
    }

    /** The settings without a default; the contracts come from the registry, which needs no directory here. */
    private static Map<String, String> required() {
        Map<String, String> env = new HashMap<>();
        env.put("WAYBILL_DATABASE_URL", "jdbc:postgresql://db:5432/shop");
        env.put("WAYBILL_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("WAYBILL_CONTRACTS_REGISTRY", "true");
        env.put("HOSTNAME", "relay-0");
        return env;
    }
}
