package dev.waybill.relay;

import dev.waybill.relay.RelayConfig.Secret;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes a {@link RelayConfig} as the YAML file that configures it (for {@code --print-config} and the start-up log):
 * every setting in the syntax the reader accepts, unset ones left out, secrets only as comments.
 */
final class ConfigPrinter {

    /**
     * Text YAML reads back as the same string without quotes: no indicators, and no number, boolean or null other
     * than a whole number, {@code true} or {@code false} as written (the reader takes every scalar as text).
     */
    private static final Pattern PLAIN =
            Pattern.compile("[A-Za-z_/][A-Za-z0-9_./:@,=+-]*|-?(0|[1-9][0-9]*)" + "|[0-9]+(ms|s|m|h|d)");

    private static final Set<String> KEYWORDS = Set.of("true", "false", "yes", "no", "on", "off", "y", "n", "null");

    private ConfigPrinter() {}

    static String yaml(RelayConfig config) {
        StringBuilder yaml = new StringBuilder();
        String section = "";
        for (Setting<?> setting : RelaySettings.all()) {
            String[] key = setting.key().split("\\.", 2);
            if (!key[0].equals(section)) {
                section = key[0];
                yaml.append(section).append(":\n");
            }
            print(yaml, key[1], setting, config);
        }
        return yaml.toString();
    }

    private static <T> void print(StringBuilder yaml, String name, Setting<T> setting, RelayConfig config) {
        T value = setting.valueIn(config);
        if (value == null) {
            return;
        }
        if (setting.isEnvironmentOnly()) {
            if (value instanceof Secret secret && secret.isPresent()) {
                yaml.append("  # ").append(name).append(": ***\n");
            }
        } else if (setting.type().isProperties()) {
            Map<?, ?> entries = (Map<?, ?>) value;
            if (!entries.isEmpty()) {
                yaml.append("  ").append(name).append(":\n");
                new TreeMap<>(entries)
                        .forEach((entry, text) -> yaml.append(
                                setting.type().isSecretEntry(entry.toString())
                                        ? "    # " + entry + ": ***\n"
                                        : "    " + entry + ": " + scalar(text.toString()) + "\n"));
            }
        } else {
            yaml.append("  ")
                    .append(name)
                    .append(": ")
                    .append(scalar(setting.type().format(value)))
                    .append('\n');
        }
    }

    /** {@code text} as a YAML scalar: plain where that reads back unchanged, else JSON-quoted (valid YAML). */
    static String scalar(String text) {
        boolean keyword =
                KEYWORDS.contains(text.toLowerCase(Locale.ROOT)) && !text.equals("true") && !text.equals("false");
        if (PLAIN.matcher(text).matches() && !text.endsWith(":") && !keyword) {
            return text;
        }
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
