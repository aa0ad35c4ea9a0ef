package dev.waybill.benchmarks;

import java.util.List;
import java.util.Locale;

/** Figures as Markdown: a section's table in docs/benchmarks.md and the README's rows, with goals and spreads. */
final class FigureTable {

    private FigureTable() {}

    /** The table under a section in docs/benchmarks.md: every figure, its key, goal and the spread of its rounds. */
    static String section(List<Figure> figures) {
        if (figures.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder("\nFigures (keys of `figures` in benchmarks.json):\n\n");
        md.append("| key | what | value | goal | rounds: min - max | spread |\n|---|---|---:|---|---|---:|\n");
        for (Figure figure : figures) {
            Figure.Spread spread = figure.spread();
            md.append("| `")
                    .append(figure.key())
                    .append("` | ")
                    .append(figure.label())
                    .append(" | ")
                    .append(figure.formatted())
                    .append(" | ")
                    .append(goal(figure))
                    .append(" | ")
                    .append(spread == null ? "no rounds kept" : range(figure, spread))
                    .append(" | ")
                    .append(spread == null ? "" : percent(spread.relative()))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** The README's performance table: the figures marked for it, goals first in the order the sections give them. */
    static String readme(List<Figure> figures) {
        StringBuilder md =
                new StringBuilder("| what | figure | rounds: min - max (spread) | goal |\n|---|---|---|---|\n");
        for (Figure figure : figures) {
            if (!figure.readme()) {
                continue;
            }
            Figure.Spread spread = figure.spread();
            md.append("| ")
                    .append(figure.label())
                    .append(" | ")
                    .append(figure.formatted())
                    .append(" | ")
                    .append(
                            spread == null
                                    ? "one figure per run"
                                    : range(figure, spread) + " (" + percent(spread.relative()) + ")")
                    .append(" | ")
                    .append(goal(figure))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** {@code < 25.0 ms: met}, {@code >= 1.00: **not met**}, or {@code none: a comparison}. */
    static String goal(Figure figure) {
        if (figure.goal() == null) {
            return "none: a comparison";
        }
        return figure.goal().comparison() + " " + figure.format(figure.goal().threshold()) + ": "
                + (figure.met() ? "met" : "**not met**");
    }

    private static String range(Figure figure, Figure.Spread spread) {
        return figure.format(spread.min()) + " - " + figure.format(spread.max()) + ", "
                + figure.rounds().size() + " rounds";
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }
}
