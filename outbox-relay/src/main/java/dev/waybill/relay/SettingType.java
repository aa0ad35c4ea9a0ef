package dev.waybill.relay;

import dev.waybill.outbox.WaybillException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@link Setting}'s values are: how its text (from the file or the environment) becomes a value, which values
 * are allowed, and how a value is written back as text that reads the same again (for {@code --print-config}).
 * Messages of {@link Invalid} say what is wrong with the value; the caller adds the key and where the value came
 * from.
 */
final class SettingType<T> {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,18})(ms|s|m|h|d)");

    private final Class<?> valueType;
    private final Function<String, T> parser;
    private final Consumer<T> check;
    private final Function<T, String> formatter;
    /** For {@link #properties}: the entries whose values are secrets; {@code null} for single values. */
    private final Pattern secretEntries;

    private SettingType(
            Class<?> valueType, Function<String, T> parser, Consumer<T> check, Function<T, String> formatter) {
        this(valueType, parser, check, formatter, null);
    }

    private SettingType(
            Class<?> valueType,
            Function<String, T> parser,
            Consumer<T> check,
            Function<T, String> formatter,
            Pattern secretEntries) {
        this.valueType = valueType;
        this.parser = parser;
        this.check = check;
        this.formatter = formatter;
        this.secretEntries = secretEntries;
    }

    /** The value {@code text} stands for; {@link #check} still applies. */
    T parse(String text) {
        return parser.apply(text);
    }

    /** Throws {@link Invalid} unless {@code value} is allowed; values given in code get no other check. */
    void check(T value) {
        check.accept(value);
    }

    /** {@code value} as {@link #parse} reads it. */
    String format(T value) {
        return formatter.apply(value);
    }

    /** This type with one more rule. */
    SettingType<T> and(Consumer<T> rule) {
        return new SettingType<>(valueType, parser, check.andThen(rule), formatter, secretEntries);
    }

    /** This type, written back by {@code printer} (to mask a secret part of the value). */
    SettingType<T> printedAs(Function<T, String> printer) {
        return new SettingType<>(valueType, parser, check, printer, secretEntries);
    }

    /** The Java type of the values ({@code String}, {@code Duration}, an enum...), for tools that describe settings. */
    Class<?> valueType() {
        return valueType;
    }

    /** A prefix of pass-through settings (see {@link #properties}) rather than one value. */
    boolean isProperties() {
        return secretEntries != null;
    }

    /** Whether the value of entry {@code name} of a {@link #properties} setting is a secret. */
    boolean isSecretEntry(String name) {
        return secretEntries != null && secretEntries.matcher(name).matches();
    }

    static SettingType<String> text() {
        return new SettingType<>(String.class, Function.identity(), value -> {}, Function.identity());
    }

    /** Text matching {@code pattern}; {@code rule} says what that means to someone fixing a value. */
    static SettingType<String> matching(Pattern pattern, String rule) {
        return text().and(value -> {
            if (!pattern.matcher(value).matches()) {
                throw new Invalid("'" + value + "' is not allowed: use " + rule);
            }
        });
    }

    static SettingType<Boolean> bool() {
        return new SettingType<>(
                Boolean.class,
                text -> {
                    String value = text.toLowerCase(Locale.ROOT);
                    if (!value.equals("true") && !value.equals("false")) {
                        throw new Invalid("'" + text + "' is not a boolean: use true or false");
                    }
                    return Boolean.parseBoolean(value);
                },
                value -> {},
                String::valueOf);
    }

    static SettingType<Integer> integer() {
        return new SettingType<>(
                Integer.class,
                text -> {
                    try {
                        return Integer.parseInt(text);
                    } catch (NumberFormatException e) {
                        throw new Invalid("'" + text + "' is not a whole number");
                    }
                },
                value -> {},
                String::valueOf);
    }

    static SettingType<Integer> positive() {
        return integer().and(value -> {
            if (value <= 0) {
                throw new Invalid(value + " must be greater than 0");
            }
        });
    }

    /** A positive duration in whole milliseconds, written as a number and a unit: 500ms, 10s, 5m, 24h, 7d. */
    static SettingType<Duration> duration() {
        return durationFrom(false);
    }

    /** {@link #duration()}, or {@code 0s} where zero means "every time" rather than "never". */
    static SettingType<Duration> durationOrZero() {
        return durationFrom(true);
    }

    private static SettingType<Duration> durationFrom(boolean zero) {
        return new SettingType<>(
                Duration.class,
                SettingType::parseDuration,
                value -> {
                    if (value.isNegative() || (value.isZero() && !zero)) {
                        throw new Invalid(zero ? "must not be negative" : "must be greater than 0");
                    }
                    if (value.toNanos() % 1_000_000 != 0) {
                        throw new Invalid(value.toNanos() + " ns is not a whole number of milliseconds");
                    }
                },
                SettingType::formatDuration);
    }

    /**
     * One of an enum's constants, written in lower case with {@code -} for {@code _}. {@code what} names the kind of
     * value ("a snapshot mode"), {@code choices} lists and explains the accepted words.
     */
    static <E extends Enum<E>> SettingType<E> choice(Class<E> type, String what, String choices) {
        return new SettingType<>(
                type,
                text -> {
                    // DELETE_AFTER reads as delete-after: how an IDE completing the enum writes it.
                    String value = text.toLowerCase(Locale.ROOT).replace('_', '-');
                    for (E constant : type.getEnumConstants()) {
                        if (word(constant).equals(value)) {
                            return constant;
                        }
                    }
                    throw new Invalid("'" + value + "' is not " + what + ": use " + choices);
                },
                value -> {},
                SettingType::word);
    }

    static SettingType<Path> directory() {
        return new SettingType<>(
                Path.class,
                Path::of,
                path -> {
                    if (!Files.isDirectory(path)) {
                        throw new Invalid("'" + path + "' is not a directory");
                    }
                },
                Path::toString);
    }

    static SettingType<Path> file() {
        return new SettingType<>(Path.class, Path::of, path -> {}, Path::toString);
    }

    /** A secret: written back masked, so it never reaches a log or a printed configuration. */
    static SettingType<RelayConfig.Secret> secret() {
        return new SettingType<>(String.class, RelayConfig.Secret::new, value -> {}, value -> "***");
    }

    /**
     * Pass-through settings for another component (a key prefix, not one value): collected from a YAML mapping or
     * from variables with the prefix, never parsed from one text. Entries whose names match {@code secretEntries}
     * are masked when written back.
     */
    static SettingType<Map<String, String>> properties(Pattern secretEntries) {
        return new SettingType<>(
                Map.class,
                text -> {
                    throw new Invalid("must be a mapping of settings, not a single value");
                },
                value -> {},
                value -> {
                    throw new UnsupportedOperationException("properties are written back entry by entry");
                },
                secretEntries);
    }

    private static Duration parseDuration(String text) {
        if (text.length() > 1 && (text.charAt(0) == 'P' || text.charAt(0) == 'p')) {
            // ISO-8601 (PT10S): what an IDE completing a java.time.Duration property offers, and what Spring accepts.
            try {
                return Duration.parse(text);
            } catch (java.time.format.DateTimeParseException e) {
                throw new Invalid("'" + text + "' is not an ISO-8601 duration (PT10S, PT5M, P1D)");
            }
        }
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new Invalid("'" + text + "' is not a duration: use a number and a unit, for example 500ms, 10s, "
                    + "5m, 24h or 7d");
        }
        long amount = Long.parseLong(matcher.group(1));
        try {
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        } catch (ArithmeticException e) {
            throw new Invalid("'" + text + "' is too long a duration");
        }
    }

    /** The largest unit that divides the duration exactly, so reading it back gives the same duration. */
    private static String formatDuration(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s"; // every unit divides zero; the smallest one people write for "none"
        }
        // Days from two on: 24h says "a day" as plainly as 1d, and is how the documentation writes it.
        if (millis % Duration.ofDays(1).toMillis() == 0 && duration.toDays() > 1) {
            return duration.toDays() + "d";
        }
        if (millis % Duration.ofHours(1).toMillis() == 0) {
            return duration.toHours() + "h";
        }
        if (millis % Duration.ofMinutes(1).toMillis() == 0) {
            return duration.toMinutes() + "m";
        }
        if (millis % 1000 == 0) {
            return duration.toSeconds() + "s";
        }
        return millis + "ms";
    }

    private static String word(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * A value that is not allowed. {@code entry} names the offending entry of a {@link #properties()} setting (the
     * key then reported is the setting's key, a dot and the entry), or is empty.
     */
    static final class Invalid extends WaybillException {

        private final String entry;

        Invalid(String message) {
            this("", message);
        }

        Invalid(String entry, String message) {
            super(message);
            this.entry = entry;
        }

        String entry() {
            return entry;
        }
    }
}
