package dev.waybill.connect.internal;

import org.apache.kafka.common.config.ConfigDef;

/** The transform's settings as the markdown table in docs/connect.md, generated from {@link RouterSettings}. */
public final class SettingsTable {

    private SettingsTable() {}

    public static String markdown() {
        StringBuilder table = new StringBuilder("| key (after `transforms.<alias>.`) | type | default | meaning |\n")
                .append("|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : RouterSettings.definition().configKeys().values()) {
            table.append("| `")
                    .append(key.name)
                    .append("` | ")
                    .append(key.type.name().toLowerCase(java.util.Locale.ROOT))
                    .append(" | ")
                    .append(defaultValue(key))
                    .append(" | ")
                    .append(key.documentation.replace("|", "\\|"))
                    .append(" |\n");
        }
        return table.toString();
    }

    private static String defaultValue(ConfigDef.ConfigKey key) {
        Object value = key.defaultValue;
        if (value == null || value.toString().isEmpty()) {
            return "";
        }
        return "`" + value + "`";
    }
}
