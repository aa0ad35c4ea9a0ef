package dev.waybill.relay;

import java.util.ArrayList;
import java.util.List;

/**
 * The example configuration file the relay distribution ships ({@code distribution/src/main/config/relay.yaml}),
 * rendered from {@link RelaySettings} like {@link SettingsTable} renders the documentation's table: every setting
 * commented out with its default, its environment variable and what it means, under uncommented section names, so
 * that uncommenting one line sets one setting. A test keeps the shipped file equal to this.
 */
final class SettingsYaml {

    private static final int WIDTH = 120;

    private static final String HEADER = """
            # The Waybill relay's configuration: every setting, commented out, with its default.
            #
            # Uncomment a line to set a setting. Each setting's environment variable wins over this file, so a
            # deployment can keep this file in a ConfigMap and put per-instance values and secrets in the environment.
            # The database password is never read from here. Durations are a number and a unit: 500ms, 10s, 5m, 24h, 7d.
            # `bin/waybill-relay` without arguments runs the relay with this file; `bin/waybill-relay relay --config
            # <file> --print-config` prints the configuration a file and the environment make.
            #
            # Generated from the relay's declaration of its settings (RelaySettings): edit that, not this file.
            """;

    private SettingsYaml() {}

    static String render() {
        StringBuilder yaml = new StringBuilder(HEADER);
        String section = "";
        for (Setting<?> setting : RelaySettings.all()) {
            String[] key = setting.key().split("\\.", 2);
            yaml.append('\n');
            if (!key[0].equals(section)) {
                section = key[0];
                yaml.append(section).append(":\n");
            }
            render(yaml, key[1], setting);
        }
        return yaml.toString();
    }

    private static <T> void render(StringBuilder yaml, String name, Setting<T> setting) {
        comment(yaml, sentence(plain(setting.description())));
        if (setting.isEnvironmentOnly()) {
            comment(yaml, "Environment only: " + setting.variable() + ".");
            return;
        }
        if (setting.type().isProperties()) {
            comment(
                    yaml,
                    "A mapping, one setting a line indented below `" + name + ":`. Environment: "
                            + setting.variable() + "_<KEY> (`.` as `_`), e.g. " + setting.variable()
                            + "_SASL_JAAS_CONFIG for sasl.jaas.config.");
            yaml.append("  #").append(name).append(": {}\n");
            return;
        }
        String value = "";
        if (setting.fallback() instanceof Setting.Fixed<T> fixed) {
            value = " " + ConfigPrinter.scalar(setting.type().format(fixed.value()));
        } else if (setting.fallback() instanceof Setting.Required<T> required) {
            comment(yaml, "Required: " + required.what() + ".");
        } else if (!setting.documentedDefault().isBlank()) {
            comment(yaml, "Default: " + plain(setting.documentedDefault()) + ".");
        }
        comment(yaml, "Environment: " + setting.variable() + ".");
        yaml.append("  #").append(name).append(':').append(value).append('\n');
    }

    private static String sentence(String text) {
        String capitalized = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return capitalized.endsWith(".") ? capitalized : capitalized + ".";
    }

    /** Markdown links read as their text: the file is read in an editor, not rendered. */
    private static String plain(String markdown) {
        return markdown.replaceAll("\\[([^]]+)]\\([^)]+\\)", "$1");
    }

    /** {@code text} as comment lines of the section, wrapped at {@link #WIDTH}. */
    private static void comment(StringBuilder yaml, String text) {
        String prefix = "  # ";
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(prefix);
        for (String word : text.split(" ")) {
            if (line.length() > prefix.length() && line.length() + 1 + word.length() > WIDTH) {
                lines.add(line.toString());
                line = new StringBuilder(prefix);
            }
            if (line.length() > prefix.length()) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        lines.forEach(l -> yaml.append(l).append('\n'));
    }
}
