package dev.waybill.contracts.internal;

import java.time.Duration;
import java.util.Locale;

/** The units of ODCS SLA values that Waybill acts on; anything else is a lint problem, not a guess. */
public final class SlaUnits {

    private SlaUnits() {}

    public static Duration duration(String value, String unit) {
        double amount = amount(value);
        double millis = switch (unit.toLowerCase(Locale.ROOT)) {
            case "ms", "millisecond", "milliseconds" -> amount;
            case "s", "sec", "second", "seconds" -> amount * 1_000;
            case "m", "min", "minute", "minutes" -> amount * 60_000;
            case "h", "hour", "hours" -> amount * 3_600_000;
            case "d", "day", "days" -> amount * 86_400_000;
            default ->
                throw new IllegalArgumentException("unit '" + unit + "' is not a duration: use ms, s, m, h or d");
        };
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    /** A rate as a fraction: {@code 0.1 percent} is 0.001. */
    public static double fraction(String value, String unit) {
        double amount = amount(value);
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "percent", "%" -> amount / 100;
            case "fraction", "ratio" -> amount;
            default -> throw new IllegalArgumentException("unit '" + unit + "' is not a rate: use percent or fraction");
        };
    }

    private static double amount(String value) {
        double amount;
        try {
            amount = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("value '" + value + "' is not a number");
        }
        if (amount < 0 || Double.isNaN(amount) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("value " + value + " must be a non-negative number");
        }
        return amount;
    }
}
