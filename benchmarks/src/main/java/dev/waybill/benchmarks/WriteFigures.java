package dev.waybill.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The write section's figures (apart from {@link WriteSection}, which is long enough): per API and writer count,
 * tx/s with the event in each mode / tx/s without it, and the goal of issue 17, the event as a message within 5% of
 * the {@code SELECT 1} floor (where the data has a {@code select-1} variant for that API).
 */
final class WriteFigures {

    /** Message mode within 5% of the floor. */
    static final double FLOOR_GOAL = 0.95;

    private WriteFigures() {}

    static List<Figure> of(Map<String, Object> data) {
        List<Figure> figures = new ArrayList<>();
        for (Map<String, Object> row : FigureData.rows(data, "rows")) {
            String api = String.valueOf(row.get("api"));
            int writers = (int) FigureData.number(row, "writers");
            String prefix = "write." + api + "." + writers + (writers == 1 ? "-writer." : "-writers.");
            String who = (api.equals("jpa") ? "outbox-jpa" : "JDBC") + ", " + writers
                    + (writers == 1 ? " writer" : " writers") + ": ";
            Map<String, Object> variants = FigureData.map(row, "variants");
            if (variants.containsKey("select-1") && variants.containsKey("message")) {
                figures.add(ratio(
                                prefix + "message-to-select-1",
                                who + "tx/s with the event as a message / with a `SELECT 1` instead (the floor)",
                                variants,
                                "message",
                                "select-1")
                        .goal(">=", FLOOR_GOAL));
            }
            for (String variant : List.of("message", "table", "select-1", "insert-delete")) {
                if (variants.containsKey(variant)) {
                    figures.add(Figure.of(
                            prefix + variant + "-to-alone",
                            who + "tx/s with " + what(variant) + " / without",
                            FigureData.number(variants, variant, "ratio"),
                            "ratio",
                            FigureData.ratios(
                                    FigureData.numbers(variants, variant, "roundsTps"),
                                    FigureData.numbers(variants, "alone", "roundsTps"))));
                }
            }
        }
        return figures;
    }

    private static Figure ratio(
            String key, String label, Map<String, Object> variants, String variant, String against) {
        return Figure.of(
                key,
                label,
                Stats.round(
                        FigureData.number(variants, variant, "tps") / FigureData.number(variants, against, "tps"), 3),
                "ratio",
                FigureData.ratios(
                        FigureData.numbers(variants, variant, "roundsTps"),
                        FigureData.numbers(variants, against, "roundsTps")));
    }

    private static String what(String variant) {
        return switch (variant) {
            case "message" -> "the event as a message";
            case "table" -> "the event as a row";
            case "select-1" -> "a `SELECT 1`";
            default -> "the row inserted and deleted again";
        };
    }
}
