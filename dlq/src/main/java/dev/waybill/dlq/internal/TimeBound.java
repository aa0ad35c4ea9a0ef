package dev.waybill.dlq.internal;

import dev.waybill.outbox.WaybillException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time given on the command line: an ISO-8601 instant ({@code 2026-12-01T08:00:00Z}), or a duration
 * before now ({@code 24h}, {@code 90m}, {@code 7d}, {@code PT2H}), the same duration syntax as the relay's settings.
 */
public final class TimeBound {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private TimeBound() {}

    /**
     * @param flag the option, for the error message
     * @throws WaybillException naming the flag and the accepted forms when {@code text} is neither
     */
    public static Instant parse(String flag, String text, Instant now) {
        String value = text.trim();
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            // Perhaps a duration.
        }
        try {
            return now.minus(duration(value));
        } catch (DateTimeException | ArithmeticException e) {
            throw invalid(flag, text);
        }
    }

    /**
     * A duration option ({@code 30s}, {@code 500ms}, {@code PT1M}).
     *
     * @throws WaybillException naming the flag when {@code text} is not one, or not positive
     */
    public static Duration duration(String flag, String text) {
        try {
            Duration duration = duration(text.trim());
            if (duration.isNegative() || duration.isZero()) {
                throw new DateTimeException(text);
            }
            return duration;
        } catch (DateTimeException | ArithmeticException e) {
            throw new WaybillException(flag + " '" + text + "' is not a positive duration: e.g. 500ms, 30s, 5m, PT1M");
        }
    }

    private static Duration duration(String value) {
        Matcher matcher = DURATION.matcher(value.toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
            return Duration.parse(value);
        }
        throw new DateTimeException(value);
    }

    private static WaybillException invalid(String flag, String text) {
        return new WaybillException(flag + " '" + text + "' is neither an ISO-8601 instant (2026-12-01T08:00:00Z) "
                + "nor a duration before now (24h, 90m, 7d, PT2H)");
    }
}
