package dev.waybill.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waybill.relay.RelaySettings;
import dev.waybill.relay.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The configuration metadata of {@code waybill.relay.*} (a map binding, which the configuration processor cannot
 * describe) is the one {@link RelaySettings} declares: {@code META-INF/additional-spring-configuration-metadata.json}
 * holds an entry for {@code waybill.relay.enabled} and for every setting, and the processor merges it into the jar's
 * {@code spring-configuration-metadata.json}. Entries of other properties in the file are kept as they are.
 */
class RelayMetadataTest {

    static final Path FILE = Path.of("src/main/resources/META-INF/additional-spring-configuration-metadata.json");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Where the application's own settings give the default, the description says so. */
    private static final Map<String, String> BOOT_DEFAULTS = Map.of(
            "database.url", "Default: spring.datasource.url (the application's JdbcConnectionDetails).",
            "database.user", "Default: spring.datasource.username, unless database.password is set here.",
            "database.password", "Default: spring.datasource.password, unless database.user is set here.",
            "database.schema", "Default: waybill.outbox.schema, else waybill.",
            "database.table", "Default: waybill.outbox.table, else outbox.",
            "kafka.bootstrap-servers", "Default: spring.kafka.bootstrap-servers.");

    @Test
    void relayPropertiesMetadataIsTheOneTheRelaySettingsDeclare() throws IOException {
        String expected = render(Files.exists(FILE) ? Files.readString(FILE) : "{}");
        Path rendered = Path.of("target/additional-spring-configuration-metadata.json");
        Files.writeString(rendered, expected);

        assertThat(Files.exists(FILE) ? JSON.readTree(FILE.toFile()) : null)
                .as(
                        "%s differs from RelaySettings: copy %s over it (the test wrote it, other entries kept)",
                        FILE, rendered.toAbsolutePath())
                .isEqualTo(JSON.readTree(expected));
    }

    @Test
    void everySettingHasItsProperty() throws IOException {
        JsonNode properties = JSON.readTree(render("{}")).get("properties");
        List<String> names = new ArrayList<>();
        properties.forEach(property -> names.add(property.get("name").asText()));
        assertThat(names)
                .contains(
                        "waybill.relay.enabled",
                        "waybill.relay.name",
                        "waybill.relay.shutdown-timeout",
                        "waybill.relay.capture.poll-interval",
                        "waybill.relay.kafka.producer",
                        "waybill.relay.http.enabled")
                .hasSize(RelaySettings.all().size() + 1);
    }

    /** {@code existing} with its {@code waybill.relay.*} entries replaced by the settings'. */
    static String render(String existing) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(existing);
        ArrayNode kept = JSON.createArrayNode();
        if (root.has("properties")) {
            root.get("properties").forEach(property -> {
                String name = property.get("name").asText();
                if (!name.equals("waybill.relay.enabled") && !name.startsWith(WaybillRelayAutoConfiguration.PREFIX)) {
                    kept.add(property);
                }
            });
        }
        ObjectNode enabled = kept.addObject();
        enabled.put("name", "waybill.relay.enabled");
        enabled.put("type", "java.lang.Boolean");
        enabled.put(
                "description",
                "Run the relay inside the application (it needs dev.waybill:outbox-relay), "
                        + "configured by the other waybill.relay.* properties: the keys of the relay's settings "
                        + "(docs/relay.md), those of its relay section without it.");
        enabled.put("defaultValue", false);
        for (Setting<?> setting : RelaySettings.all()) {
            kept.add(entry(setting));
        }
        ObjectNode rendered = JSON.createObjectNode();
        root.fields().forEachRemaining(field -> rendered.set(field.getKey(), field.getValue()));
        rendered.set("properties", kept);
        return JSON.writeValueAsString(rendered) + "\n";
    }

    private static ObjectNode entry(Setting<?> setting) {
        ObjectNode entry = JSON.createObjectNode();
        String key = setting.key().startsWith("relay.") ? setting.key().substring("relay.".length()) : setting.key();
        entry.put("name", WaybillRelayAutoConfiguration.PREFIX + key);
        entry.put("type", type(setting.valueType()));
        // A description that starts with a value (`jdbc:...`, `true`) keeps its case.
        String description = setting.description().startsWith("`")
                ? plain(setting.description()) + (setting.description().endsWith(".") ? "" : ".")
                : sentence(plain(setting.description()));
        if (setting.key().equals("http.enabled")) {
            description = "Serve the relay's own health and metrics endpoints (http.host, http.port). Off inside "
                    + "the application: Actuator reports its health as waybillRelay, its meters are in the "
                    + "application's registry.";
        } else if (setting.key().equals("database.password")) {
            description = "The database password (an application property may hold it, as it holds the "
                    + "application's own).";
        } else if (setting.key().equals("kafka.producer")) {
            description += " One property a producer setting: waybill.relay.kafka.producer.linger.ms=5.";
        }
        String bootDefault = BOOT_DEFAULTS.get(setting.key());
        if (bootDefault != null) {
            description += " " + bootDefault;
        } else if (setting.defaultText().isEmpty()
                && !setting.defaultDescription().isBlank()
                && !setting.defaultDescription().contains("required")
                && !setting.valueType().equals(Map.class)) {
            description += " Default: " + plain(setting.defaultDescription()) + ".";
        }
        entry.put("description", description);
        if (setting.key().equals("http.enabled")) {
            entry.put("defaultValue", false);
        } else if (bootDefault == null) {
            setting.defaultText().ifPresent(text -> {
                if (setting.valueType().equals(Boolean.class)) {
                    entry.put("defaultValue", Boolean.parseBoolean(text));
                } else if (setting.valueType().equals(Integer.class)) {
                    entry.put("defaultValue", Integer.parseInt(text));
                } else {
                    entry.put("defaultValue", text);
                }
            });
        }
        return entry;
    }

    private static String type(Class<?> type) {
        if (type.equals(Map.class)) {
            return "java.util.Map<java.lang.String,java.lang.String>";
        }
        return type.getName();
    }

    private static String sentence(String text) {
        String capitalized = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return capitalized.endsWith(".") ? capitalized : capitalized + ".";
    }

    private static String plain(String markdown) {
        return markdown.replaceAll("\\[([^]]+)]\\([^)]+\\)", "$1")
                .replace("`", "")
                .replace("**", "");
    }
}
