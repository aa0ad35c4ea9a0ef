package dev.waybill.relay;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One relay setting, declared once in {@link RelaySettings}: its key in the YAML file, its environment variable, its
 * type and rules, what it is when nobody sets it, where it lives in {@link RelayConfig}, and what it means. The
 * reader, the builder, {@code --print-config} and the table in {@code docs/relay.md} all come from this.
 *
 * @param <T> the value's type in {@link RelayConfig}
 */
public final class Setting<T> {

    /** What a setting is when neither the file, the environment nor the builder sets it. */
    sealed interface Fallback<T> {}

    /** Must be set; {@code what} tells how ("the brokers, host:port[,host:port...]"). */
    record Required<T>(String what) implements Fallback<T> {}

    record Fixed<T>(T value) implements Fallback<T> {}

    /** Computed from settings declared before it, or from the environment; {@code documented} says how. */
    record Derived<T>(String documented, Function<SettingValues, T> derive) implements Fallback<T> {}

    /** Stays unset ({@code null}); {@code documented} says what that means. */
    record Unset<T>(String documented) implements Fallback<T> {}

    private final String key;
    private final SettingType<T> type;
    private final Function<RelayConfig, T> location;
    private final String description;
    private final Fallback<T> fallback;
    private final String documentedDefault;
    private final boolean environmentOnly;

    private Setting(
            String key,
            SettingType<T> type,
            Function<RelayConfig, T> location,
            String description,
            Fallback<T> fallback,
            String documentedDefault,
            boolean environmentOnly) {
        this.key = key;
        this.type = type;
        this.location = location;
        this.description = description;
        this.fallback = fallback;
        this.documentedDefault = documentedDefault;
        this.environmentOnly = environmentOnly;
    }

    /** An optional setting without a default; {@code location} reads its value from a {@link RelayConfig}. */
    static <T> Setting<T> of(String key, SettingType<T> type, Function<RelayConfig, T> location, String description) {
        return new Setting<>(key, type, location, description, new Unset<>(""), null, false);
    }

    Setting<T> byDefault(T value) {
        return withFallback(new Fixed<>(Objects.requireNonNull(value)));
    }

    Setting<T> required(String what) {
        return withFallback(new Required<>(what));
    }

    Setting<T> derived(String documented, Function<SettingValues, T> derive) {
        return withFallback(new Derived<>(documented, derive));
    }

    Setting<T> unset(String documented) {
        return withFallback(new Unset<>(documented));
    }

    /** Replaces the default column of the documentation, where the value alone would not say enough. */
    Setting<T> documentedDefault(String markdown) {
        return new Setting<>(key, type, location, description, fallback, markdown, environmentOnly);
    }

    /** A secret that only the environment may set: a file holding it would end up in git. */
    Setting<T> environmentOnly() {
        return new Setting<>(key, type, location, description, fallback, documentedDefault, true);
    }

    private Setting<T> withFallback(Fallback<T> newFallback) {
        return new Setting<>(key, type, location, description, newFallback, documentedDefault, environmentOnly);
    }

    /** The key in the YAML file, {@code section.name}. */
    public String key() {
        return key;
    }

    /** The environment variable: {@code WAYBILL_} and the key in upper case, {@code .} and {@code -} as {@code _}. */
    public String variable() {
        return variable(key);
    }

    static String variable(String key) {
        return "WAYBILL_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** What the setting means, as documented. */
    public String description() {
        return description;
    }

    /** Set from the environment only; never read from, nor printed to, a configuration file. */
    public boolean isEnvironmentOnly() {
        return environmentOnly;
    }

    SettingType<T> type() {
        return type;
    }

    Fallback<T> fallback() {
        return fallback;
    }

    /** This setting's value in {@code config} ({@code null} when unset). */
    T valueIn(RelayConfig config) {
        return location.apply(config);
    }

    /** The Java type of the value: {@code String}, {@code Integer}, {@code Boolean}, {@code Duration}, an enum... */
    public Class<?> valueType() {
        return type.valueType();
    }

    /** The default as the configuration file writes it, when the setting has a fixed one. */
    public java.util.Optional<String> defaultText() {
        if (fallback instanceof Fixed<T> fixed && !type.isProperties()) {
            return java.util.Optional.of(type.format(fixed.value()));
        }
        return java.util.Optional.empty();
    }

    /** What the setting is when nobody sets it, as the documentation says it (markdown). */
    public String defaultDescription() {
        return documentedDefault();
    }

    /** The documentation's default column (markdown). */
    String documentedDefault() {
        if (documentedDefault != null) {
            return documentedDefault;
        }
        if (fallback instanceof Fixed<T> fixed) {
            return "`" + type.format(fixed.value()) + "`";
        }
        if (fallback instanceof Derived<T> derived) {
            return derived.documented();
        }
        return fallback instanceof Unset<T> unset ? unset.documented() : "**required**";
    }

    @Override
    public String toString() {
        return key;
    }
}
