package dev.waybill.collector;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a setting's text becomes its value, and what to say when it cannot.
 *
 * @param expected what a valid value looks like, for error messages ("a duration such as 10s")
 */
record CollectorSettingType<T>(
        Class<?> valueType, String expected, Function<String, T> parse, Function<T, String> formatter) {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");

    String format(T value) {
        return formatter.apply(value);
    }

    /** @throws IllegalArgumentException when the text is not a value of this type */
    T parse(String text) {
        T value = parse.apply(text.trim());
        if (value == null) {
            throw new IllegalArgumentException(expected);
        }
        return value;
    }

    static CollectorSettingType<String> text(String expected, Pattern allowed) {
        return new CollectorSettingType<>(
                String.class, expected, text -> allowed.matcher(text).matches() ? text : null, String::valueOf);
    }

    static CollectorSettingType<Integer> integer(int min, int max) {
        return new CollectorSettingType<>(
                Integer.class,
                "a whole number from " + min + " to " + max,
                text -> {
                    try {
                        int value = Integer.parseInt(text);
                        return value < min || value > max ? null : value;
                    } catch (NumberFormatException e) {
                        return null;
                    }
                },
                String::valueOf);
    }

    static CollectorSettingType<Boolean> bool() {
        return new CollectorSettingType<>(
                Boolean.class,
                "true or false",
                text -> switch (text.toLowerCase(Locale.ROOT)) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> null;
                },
                String::valueOf);
    }

    static CollectorSettingType<Duration> duration() {
        return new CollectorSettingType<>(
                Duration.class,
                "a positive duration such as 500ms, 10s, 5m (or ISO-8601, PT10S)",
                text -> {
                    Duration value = parseDuration(text);
                    return value == null || value.isNegative() || value.isZero() ? null : value;
                },
                CollectorSettingType::formatDuration);
    }

    static CollectorSettingType<Long> size() {
        return new CollectorSettingType<>(
                Long.class,
                "a size in bytes, optionally with a unit: 65536, 64KiB, 1MiB",
                text -> {
                    Matcher m = SIZE.matcher(text);
                    if (!m.matches()) {
                        return null;
                    }
                    long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
                        case "KiB" -> 1024L;
                        case "MiB" -> 1024L * 1024;
                        case "GiB" -> 1024L * 1024 * 1024;
                        default -> 1L;
                    };
                    try {
                        long value = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
                        return value <= 0 ? null : value;
                    } catch (ArithmeticException | NumberFormatException e) {
                        return null;
                    }
                },
                CollectorSettingType::formatSize);
    }

    static CollectorSettingType<Path> path() {
        return new CollectorSettingType<>(
                Path.class, "a file system path", text -> text.isEmpty() ? null : Path.of(text), Path::toString);
    }

    static CollectorSettingType<List<String>> list(String expected) {
        return new CollectorSettingType<>(
                List.class,
                expected,
                text -> Arrays.stream(text.split(","))
                        .map(String::trim)
                        .filter(item -> !item.isEmpty())
                        .toList(),
                values -> String.join(",", values));
    }

    static <E extends Enum<E>> CollectorSettingType<E> enumeration(Class<E> type) {
        String names = Arrays.stream(type.getEnumConstants())
                .map(CollectorSettingType::enumName)
                .collect(Collectors.joining(" or "));
        return new CollectorSettingType<>(
                type,
                names,
                text -> Arrays.stream(type.getEnumConstants())
                        .filter(constant -> enumName(constant).equals(text.toLowerCase(Locale.ROOT)))
                        .findFirst()
                        .orElse(null),
                CollectorSettingType::enumName);
    }

    static String enumName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String formatDuration(Duration value) {
        long millis = value.toMillis();
        if (millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    private static String formatSize(Long value) {
        if (value % (1024L * 1024) == 0) {
            return value / (1024L * 1024) + "MiB";
        }
        return value % 1024 == 0 ? value / 1024 + "KiB" : String.valueOf(value);
    }
}
