package dev.waybill.collector;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One setting of {@code waybill collect} or {@code waybill validate}, declared once in {@link CollectorSettings}: its
 * key in the YAML file, its environment variable, its type, its default and what it means. The reader, the builder,
 * {@code --print-config} and the table in {@code docs/collector.md} all come from this, as the relay's settings do.
 *
 * @param <T> the value's type
 */
public final class CollectorSetting<T> {

    /** Which command reads the setting. */
    public enum Scope {
        COLLECT,
        VALIDATE,
        BOTH;

        boolean includes(Scope command) {
            return this == BOTH || this == command;
        }
    }

    private final String key;
    private final Scope scope;
    private final CollectorSettingType<T> type;
    private final String description;
    private final T defaultValue;
    private final String required;
    private final Function<CollectorConfig, T> derive;
    private final String documentedDefault;

    private CollectorSetting(
            String key,
            Scope scope,
            CollectorSettingType<T> type,
            String description,
            T defaultValue,
            String required,
            Function<CollectorConfig, T> derive,
            String documentedDefault) {
        this.key = key;
        this.scope = scope;
        this.type = type;
        this.description = description;
        this.defaultValue = defaultValue;
        this.required = required;
        this.derive = derive;
        this.documentedDefault = documentedDefault;
    }

    static <T> CollectorSetting<T> of(String key, Scope scope, CollectorSettingType<T> type, String description) {
        return new CollectorSetting<>(key, scope, type, description, null, null, null, "");
    }

    CollectorSetting<T> byDefault(T value) {
        Objects.requireNonNull(value);
        return new CollectorSetting<>(key, scope, type, description, value, null, null, "`" + type.format(value) + "`");
    }

    /** Must be set (by the commands in its scope); {@code what} says how. */
    CollectorSetting<T> required(String what) {
        return new CollectorSetting<>(key, scope, type, description, null, what, null, "**required**");
    }

    CollectorSetting<T> derived(String documented, Function<CollectorConfig, T> derive) {
        return new CollectorSetting<>(key, scope, type, description, null, null, derive, documented);
    }

    CollectorSetting<T> unset(String documented) {
        return new CollectorSetting<>(key, scope, type, description, null, null, null, documented);
    }

    public String key() {
        return key;
    }

    public Scope scope() {
        return scope;
    }

    /** {@code WAYBILL_} and the key in upper case, {@code .} and {@code -} as {@code _}. */
    public String variable() {
        return variable(key);
    }

    static String variable(String key) {
        return "WAYBILL_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String description() {
        return description;
    }

    /** The documentation's default column (markdown). */
    public String documentedDefault() {
        return documentedDefault;
    }

    CollectorSettingType<T> type() {
        return type;
    }

    Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    Optional<String> requiredWhat() {
        return Optional.ofNullable(required);
    }

    Optional<Function<CollectorConfig, T>> derivation() {
        return Optional.ofNullable(derive);
    }

    @Override
    public String toString() {
        return key;
    }
}
