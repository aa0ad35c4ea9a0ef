package dev.waybill.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/connect.md shows one connector configuration twice, as the REST API's JSON (which the integration tests run)
 * and as Strimzi's KafkaConnector resource: the two must say the same.
 */
class ConnectDocsTest {

    @Test
    void theStrimziConnectorIsTheTestedConfiguration() throws IOException {
        Map<String, String> tested = ConnectFixture.documentedConfig();

        String docs = Files.readString(Path.of("../docs/connect.md"));
        String begin = "<!-- strimzi-connector:begin -->";
        String block =
                docs.substring(docs.indexOf(begin) + begin.length(), docs.indexOf("<!-- strimzi-connector:end -->"));
        String yaml = block.substring(block.indexOf("```yaml") + "```yaml".length(), block.lastIndexOf("```"));
        JsonNode resource = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        assertThat(resource.get("kind").asText()).isEqualTo("KafkaConnector");
        Map<String, String> strimzi = new LinkedHashMap<>();
        strimzi.put("connector.class", resource.at("/spec/class").asText());
        strimzi.put("tasks.max", resource.at("/spec/tasksMax").asText());
        resource.at("/spec/config")
                .fields()
                .forEachRemaining(
                        field -> strimzi.put(field.getKey(), field.getValue().asText()));

        // Each shows the password coming from its own config provider.
        assertThat(tested.remove("database.password")).startsWith("${file:");
        assertThat(strimzi.remove("database.password")).startsWith("${secrets:");
        assertThat(strimzi).containsExactlyInAnyOrderEntriesOf(tested);
    }

    @Test
    void theTestedConfigurationUsesTheTransformAndTheSettingsWaybillNeeds() throws IOException {
        Map<String, String> config = ConnectFixture.documentedConfig();
        assertThat(config)
                .containsEntry("connector.class", ConnectFixture.DEBEZIUM)
                .containsEntry("plugin.name", "pgoutput")
                .containsEntry("publication.name", "waybill_outbox")
                .containsEntry("table.include.list", "waybill\\.outbox")
                .containsEntry("message.prefix.include.list", "waybill:waybill\\.outbox")
                .containsEntry("binary.handling.mode", "bytes")
                .containsEntry("transforms.waybill.type", ConnectFixture.TRANSFORM)
                .containsKeys("slot.name", "heartbeat.interval.ms", "heartbeat.action.query", "poll.interval.ms");
        for (String converter : new String[] {"key.converter", "value.converter", "header.converter"}) {
            assertThat(config).containsEntry(converter, "org.apache.kafka.connect.converters.ByteArrayConverter");
        }
    }
}
