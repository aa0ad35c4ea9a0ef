package dev.waybill.relay;

/** The settings table of {@code docs/relay.md}, rendered from {@link RelaySettings} (a test keeps the two equal). */
final class SettingsTable {

    private SettingsTable() {}

    static String markdown() {
        StringBuilder table =
                new StringBuilder("| key | environment variable | default | meaning |\n").append("|---|---|---|---|\n");
        for (Setting<?> setting : RelaySettings.all()) {
            String key = setting.isEnvironmentOnly() ? "" : "`" + setting.key() + "`";
            String variable = "`" + setting.variable() + "`";
            if (setting.type().isProperties()) {
                key = "`" + setting.key() + ".<key>`";
                variable = "`" + setting.variable() + "_<KEY>` (`.` as `_`)";
            }
            table.append(row(key, variable, setting.documentedDefault(), setting.description()));
        }
        return table.toString();
    }

    private static String row(String... cells) {
        StringBuilder row = new StringBuilder("|");
        for (String cell : cells) {
            row.append(cell.isEmpty() ? " |" : " " + cell + " |");
        }
        return row.append('\n').toString();
    }
}
