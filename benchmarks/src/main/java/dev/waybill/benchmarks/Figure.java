package dev.waybill.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One headline figure of a section, under a key that stays the same from run to run (for example
 * {@code relay-throughput.rows-to-plain-debezium}), so a reader or a script can follow it across runs: its value, its
 * goal (none for a figure that is only a comparison) and the value in every round of the run, whose spread tells a
 * change from noise. Derived from a section's recorded data, never measured on its own.
 *
 * @param key stable, {@code <section>.<name>}
 * @param label what it is, for people (the README and docs/benchmarks.md)
 * @param value the section's headline value (a median, or a ratio of medians)
 * @param unit {@code ratio}, {@code ms}, {@code events/s}, {@code validations/s} or {@code MB}
 * @param goal the threshold it must meet, or null for a comparison
 * @param rounds the same figure in each round of the run, in round order; empty when the section keeps no rounds
 * @param readme whether the README's performance table shows it
 */
record Figure(String key, String label, double value, String unit, Goal goal, List<Double> rounds, boolean readme) {

    Figure {
        rounds = List.copyOf(rounds);
    }

    /** A comparison: no goal, shown in docs/benchmarks.md only. */
    static Figure of(String key, String label, double value, String unit, List<Double> rounds) {
        return new Figure(key, label, value, unit, null, rounds, false);
    }

    /** This figure with a goal, shown in the README. */
    Figure goal(String comparison, double threshold) {
        return new Figure(key, label, value, unit, new Goal(comparison, threshold), rounds, true);
    }

    /** This figure in the README's table, also without a goal. */
    Figure inReadme() {
        return new Figure(key, label, value, unit, goal, rounds, true);
    }

    /** Whether the goal is met; null for a comparison. */
    Boolean met() {
        return goal == null ? null : goal.metBy(value);
    }

    /** Smallest and largest round, and (largest - smallest) / median of the rounds; null without rounds. */
    Spread spread() {
        if (rounds.isEmpty()) {
            return null;
        }
        double min = rounds.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double max = rounds.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double median = Stats.median(rounds);
        return new Spread(min, max, median == 0 ? 0 : Stats.round((max - min) / Math.abs(median), 3));
    }

    /** The object under this figure's key in benchmarks.json's {@code figures}. */
    Map<String, Object> json(Object measuredAt) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("label", label);
        json.put("value", value);
        json.put("unit", unit);
        json.put("goal", goal == null ? null : goal.json());
        json.put("met", met());
        json.put("rounds", rounds);
        Spread spread = spread();
        json.put("spread", spread == null ? null : spread.json());
        json.put("measuredAt", measuredAt);
        return json;
    }

    /** The value with its unit, as people read it: {@code 0.83}, {@code 15.8 ms}, {@code 43,020 events/s}. */
    String formatted() {
        return format(value);
    }

    String format(double number) {
        return switch (unit) {
            case "ratio" -> String.format(Locale.ROOT, "%.2f", number);
            case "ms" ->
                number < 100
                        ? String.format(Locale.ROOT, "%.1f ms", number)
                        : String.format(Locale.ENGLISH, "%,.0f ms", number);
            default -> String.format(Locale.ENGLISH, "%,.0f %s", number, unit);
        };
    }

    /** {@code comparison} is one of {@code <}, {@code <=}, {@code >=}, {@code >}. */
    record Goal(String comparison, double threshold) {

        Goal {
            if (!List.of("<", "<=", ">=", ">").contains(comparison)) {
                throw new IllegalArgumentException("no comparison '" + comparison + "'");
            }
        }

        boolean metBy(double value) {
            return switch (comparison) {
                case "<" -> value < threshold;
                case "<=" -> value <= threshold;
                case ">=" -> value >= threshold;
                default -> value > threshold;
            };
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("comparison", comparison);
            json.put("threshold", threshold);
            return json;
        }
    }

    record Spread(double min, double max, double relative) {

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("min", min);
            json.put("max", max);
            json.put("relative", relative);
            return json;
        }
    }
}
