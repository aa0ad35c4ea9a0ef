package dev.waybill.jpa.internal;

import dev.waybill.jpa.OutboxSettings;
import dev.waybill.outbox.OutboxTable;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.outbox.WaybillException;
import dev.waybill.outbox.WriteMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The module's settings, read once per session factory; a bad value stops start-up with the key named. The writer
 * is the one a framework handed over ({@link OutboxSettings#WRITER}), or one for the configured table and mode.
 */
record OutboxConfig(boolean enabled, OutboxWriter writer, boolean enforce, Optional<Path> contracts) {

    static OutboxConfig from(Map<String, Object> properties, Map<String, String> environment) {
        Settings settings = new Settings(properties, environment);
        boolean enabled = settings.bool(OutboxSettings.ENABLED, true);
        OutboxTable table;
        try {
            table = new OutboxTable(
                    settings.text(OutboxSettings.SCHEMA, OutboxTable.DEFAULT.schema()),
                    settings.text(OutboxSettings.TABLE, OutboxTable.DEFAULT.table()));
        } catch (WaybillException e) {
            throw new WaybillException(OutboxSettings.SCHEMA + " / " + OutboxSettings.TABLE + ": " + e.getMessage());
        }
        String mode = settings.text(OutboxSettings.WRITE_MODE, "table").toLowerCase(Locale.ROOT);
        if (!mode.equals("table") && !mode.equals("message")) {
            throw new WaybillException(OutboxSettings.WRITE_MODE + "='" + mode
                    + "' is not a write mode: use table (the default) or message");
        }
        String validation = settings.text(OutboxSettings.VALIDATION, "off").toLowerCase(Locale.ROOT);
        if (!validation.equals("off") && !validation.equals("enforce")) {
            throw new WaybillException(OutboxSettings.VALIDATION + "='" + validation
                    + "' is not a validation mode: use off (the default) or enforce");
        }
        boolean enforce = validation.equals("enforce");
        Optional<Path> contracts = Optional.ofNullable(settings.text(OutboxSettings.CONTRACTS, null))
                .map(Path::of);
        if (enabled && enforce) {
            Path directory = contracts.orElseThrow(() -> new WaybillException(OutboxSettings.VALIDATION
                    + "=enforce needs " + OutboxSettings.CONTRACTS + ": the contract directory to validate against"));
            if (!Files.isDirectory(directory)) {
                throw new WaybillException(
                        OutboxSettings.CONTRACTS + "='" + directory + "' is not a directory (resolved against "
                                + Path.of("").toAbsolutePath() + ")");
            }
        }
        Object given = properties.get(OutboxSettings.WRITER);
        if (given != null && !(given instanceof OutboxWriter)) {
            throw new WaybillException(OutboxSettings.WRITER + " must be an OutboxWriter instance, not "
                    + given.getClass().getName() + ": leave it unset to write with the table and mode settings");
        }
        OutboxWriter writer = given != null
                ? (OutboxWriter) given
                : OutboxWriter.forTable(table).withMode(WriteMode.valueOf(mode.toUpperCase(Locale.ROOT)));
        return new OutboxConfig(enabled, writer, enforce, contracts);
    }

    /**
     * Hibernate properties, with environment variables winning: {@code waybill.outbox.write-mode} is
     * {@code WAYBILL_OUTBOX_WRITE_MODE} ({@code .} and {@code -} as {@code _}: a shell cannot set a name with a
     * {@code -}), as for the relay.
     */
    private record Settings(Map<String, Object> properties, Map<String, String> environment) {
        String text(String key, String fallback) {
            String fromEnvironment = environment.get(variable(key));
            if (fromEnvironment != null && !fromEnvironment.isBlank()) {
                return fromEnvironment.strip();
            }
            Object value = properties.get(key);
            return value == null || value.toString().isBlank()
                    ? fallback
                    : value.toString().strip();
        }

        static String variable(String key) {
            return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }

        boolean bool(String key, boolean fallback) {
            String value = text(key, Boolean.toString(fallback)).toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                throw new WaybillException(key + "='" + value + "' is not a boolean: use true or false");
            }
            return Boolean.parseBoolean(value);
        }
    }
}
