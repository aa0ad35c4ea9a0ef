package dev.waybill.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * config/relay.yaml as the distribution ships it names declared settings only (that it is the rendering of every
 * setting is outbox-relay's SettingsYamlTest).
 */
class ShippedConfigurationTest {

    private static final Path CONFIG = Path.of("src/main/config/relay.yaml");

    @Test
    void everyKeyAndVariableInTheShippedConfigurationIsDeclared() throws IOException {
        String yaml = Files.readString(CONFIG);
        String uncommented = yaml.replaceAll("(?m)^  #(?! )", "  ");

        assertThat(DeclaredRelay.keysOf(uncommented)).isNotEmpty().allMatch(DeclaredRelay::isFileKey);
        assertThat(DeclaredRelay.variablesIn(yaml)).isNotEmpty().allMatch(DeclaredRelay::isVariable);
    }
}
