package dev.waybill.relay;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting's value, resolved in declaration order: the value given (by the file, the environment or the
 * builder), else its fallback, which may derive from settings declared before it. Each value is checked against its
 * type's rules here, whoever gave it, so the reader and the builder refuse the same values with the same messages.
 */
final class SettingValues {

    /**
     * How the user names the settings, for messages: as in the configuration file (keys as they are, variables to
     * set them), or as flat properties under {@code prefix} (an application's {@code waybill.relay.}), where the
     * {@code relay} section's keys go without their section ({@code waybill.relay.name}).
     */
    record Naming(String prefix) {

        static final Naming FILE = new Naming("");

        /** The section whose keys flat properties write without it: {@code name}, not {@code relay.name}. */
        static final String FOLDED_SECTION = "relay.";

        /** {@code key} as the user writes it. */
        String key(String key) {
            if (prefix.isEmpty()) {
                return key;
            }
            return prefix + (key.startsWith(FOLDED_SECTION) ? key.substring(FOLDED_SECTION.length()) : key);
        }

        /** Where to set {@code setting}. */
        String whereToSet(Setting<?> setting) {
            return prefix.isEmpty()
                    ? "in the configuration file, or as " + setting.variable()
                    : "as the property " + prefix + setting.key();
        }
    }

    private final Map<Setting<?>, Object> values = new HashMap<>();
    private final Map<String, String> sources;
    private final Map<String, String> environment;
    private final Naming naming;

    private SettingValues(Map<String, String> sources, Map<String, String> environment, Naming naming) {
        this.sources = sources;
        this.environment = environment;
        this.naming = naming;
    }

    /**
     * @param given values by setting, already of the setting's type
     * @param sources where each given value came from, by key (for a properties entry: the setting's key, a dot
     *     and the entry): a file's path, {@code $VARIABLE}, or the builder
     * @param environment what derived defaults may consult (the relay instance's {@code HOSTNAME})
     */
    static SettingValues resolve(
            List<Setting<?>> settings,
            Map<Setting<?>, Object> given,
            Map<String, String> sources,
            Map<String, String> environment) {
        return resolve(settings, given, sources, environment, Naming.FILE);
    }

    /** As {@link #resolve(List, Map, Map, Map)}, with messages naming keys as {@code naming} says. */
    static SettingValues resolve(
            List<Setting<?>> settings,
            Map<Setting<?>, Object> given,
            Map<String, String> sources,
            Map<String, String> environment,
            Naming naming) {
        SettingValues resolved = new SettingValues(Map.copyOf(sources), environment, naming);
        for (Setting<?> setting : settings) {
            resolved.values.put(setting, resolved.valueOf(setting, given.get(setting)));
        }
        return resolved;
    }

    private <T> T valueOf(Setting<T> setting, Object given) {
        @SuppressWarnings("unchecked") // the reader parsed it with the setting's type; the builder's set is typed
        T value = given != null ? (T) given : fallback(setting);
        if (value == null) {
            if (setting.fallback() instanceof Setting.Required<T> required) {
                throw new ConfigurationException(naming.key(setting.key()) + " is missing: set it to " + required.what()
                        + " (" + naming.whereToSet(setting) + ")");
            }
            return null;
        }
        try {
            setting.type().check(value);
        } catch (SettingType.Invalid e) {
            throw error(e.entry().isEmpty() ? setting.key() : setting.key() + "." + e.entry(), e.getMessage());
        }
        return value;
    }

    private <T> T fallback(Setting<T> setting) {
        if (setting.fallback() instanceof Setting.Fixed<T> fixed) {
            return fixed.value();
        }
        if (setting.fallback() instanceof Setting.Derived<T> derived) {
            return derived.derive().apply(this);
        }
        return null;
    }

    /** A setting's value; {@code null} when it is unset or declared after the setting being resolved. */
    @SuppressWarnings("unchecked") // values are put by valueOf, typed by their setting
    <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    /** The environment the configuration was read with. */
    Map<String, String> environment() {
        return environment;
    }

    /** A bad value: {@code key}, where its value came from, and {@code message} (what is expected). */
    ConfigurationException error(String key, String message) {
        return error(sources, naming, key, message);
    }

    static ConfigurationException error(Map<String, String> sources, Naming naming, String key, String message) {
        String source = sources.get(key);
        return new ConfigurationException(
                naming.key(key) + (source == null ? " (default)" : " (from " + source + ")") + ": " + message);
    }
}
