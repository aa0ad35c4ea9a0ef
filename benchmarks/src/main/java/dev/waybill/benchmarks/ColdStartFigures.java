package dev.waybill.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The cold-start section's figures and Markdown, from the rounds {@link ColdStartSection} recorded. */
final class ColdStartFigures {

    private static final String RELAY = "relay";
    private static final String PLAIN = "plainDebezium";

    private final String section;
    private final Map<String, Object> data;

    ColdStartFigures(String section, Map<String, Object> data) {
        this.section = section;
        this.data = data;
    }

    List<Figure> figures() {
        List<Figure> figures = new ArrayList<>();
        if (!FigureData.has(data, RELAY) || !FigureData.has(data, PLAIN)) {
            return figures;
        }
        String backlog = String.format(Locale.ENGLISH, "%,d", (long) FigureData.number(data, "backlog"));
        String rate = String.format(Locale.ENGLISH, "%,d", (long) FigureData.number(data, "eventsPerSecondUnderLoad"));
        List<Double> relayRate = FigureData.numbers(data, RELAY, "backlogEventsPerSecond");
        List<Double> plainRate = FigureData.numbers(data, PLAIN, "backlogEventsPerSecond");
        figures.add(Figure.of(
                        section + ".catch-up-relay-to-plain-debezium",
                        "cold start onto a backlog of " + backlog + " rows, start to last record: relay from its "
                                + "distribution / plain Debezium + EventRouter run the same way",
                        Stats.round(Stats.median(relayRate) / Stats.median(plainRate), 3),
                        "ratio",
                        FigureData.ratios(relayRate, plainRate))
                .inReadme());
        figures.add(median(
                        "relay-catch-up",
                        "relay from its distribution, started cold onto " + backlog + " rows: events/s from start to "
                                + "last record",
                        RELAY,
                        "backlogEventsPerSecond",
                        "events/s")
                .inReadme());
        figures.add(median(
                "plain-debezium-catch-up",
                "plain Debezium + EventRouter, started cold onto " + backlog + " rows: events/s from start to last "
                        + "record",
                PLAIN,
                "backlogEventsPerSecond",
                "events/s"));
        figures.add(median(
                "relay-start-to-first-record-onto-backlog",
                "relay started cold onto " + backlog + " rows: start to first record read",
                RELAY,
                "backlogStartToFirstRecordMillis",
                "ms"));
        String streaming = " while a writer commits " + rate + " events/s: start to streaming (a record read within "
                + (long) FigureData.number(data, "soonMillis") + " ms of its commit)";
        figures.add(median(
                        "relay-start-to-streaming",
                        "relay started cold" + streaming,
                        RELAY,
                        "loadStartToStreamingMillis",
                        "ms")
                .inReadme());
        figures.add(median(
                "plain-debezium-start-to-streaming",
                "plain Debezium + EventRouter started cold" + streaming,
                PLAIN,
                "loadStartToStreamingMillis",
                "ms"));
        figures.add(median(
                "relay-start-to-ready-under-load",
                "relay started cold while a writer commits " + rate + " events/s: start to ready",
                RELAY,
                "loadStartToReadyMillis",
                "ms"));
        return figures;
    }

    private Figure median(String name, String label, String pipeline, String measure, String unit) {
        List<Double> rounds = FigureData.numbers(data, pipeline, measure);
        return Figure.of(section + "." + name, label, Stats.median(rounds), unit, rounds);
    }

    static String markdown(Map<String, Object> data) {
        StringBuilder md = new StringBuilder("## Cold start\n\n");
        md.append(String.format(
                Locale.ENGLISH,
                "As operators start it: the relay from its distribution (`bin/waybill-relay`, configured by `WAYBILL_*` "
                        + "variables, the launcher's heap cap of %s), against plain Debezium + EventRouter (the "
                        + "throughput section's pipeline) as a process of its own with the same heap cap; each a cold "
                        + "JVM on a fresh database whose slot was made before the first event. **Catch-up**: %,d rows "
                        + "committed while nothing ran (a restart after an outage), the time from start to the last "
                        + "record read from Kafka. **Start under load**: a writer commits %,d events/s from 1 s before "
                        + "the start; the time to the first record read, and to streaming: the first record read within "
                        + "%d ms of its commit. %d rounds, each running both pipelines, alternating which goes first; "
                        + "medians, with every round in brackets.%n%n",
                data.get("heapCap"),
                (long) FigureData.number(data, "backlog"),
                (long) FigureData.number(data, "eventsPerSecondUnderLoad"),
                (long) FigureData.number(data, "soonMillis"),
                (long) FigureData.number(data, "rounds")));
        md.append("| pipeline | catch-up events/s | start to first record (backlog) | start to drained "
                        + "| start to first record (under load) | start to streaming | start to ready |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (String pipeline : List.of(RELAY, PLAIN)) {
            md.append("| ")
                    .append(pipeline.equals(RELAY) ? "relay (distribution)" : "plain Debezium + EventRouter")
                    .append(" | ")
                    .append(cell(data, pipeline, "backlogEventsPerSecond", ""))
                    .append(" | ")
                    .append(cell(data, pipeline, "backlogStartToFirstRecordMillis", " ms"))
                    .append(" | ")
                    .append(cell(data, pipeline, "backlogStartToDrainedMillis", " ms"))
                    .append(" | ")
                    .append(cell(data, pipeline, "loadStartToFirstRecordMillis", " ms"))
                    .append(" | ")
                    .append(cell(data, pipeline, "loadStartToStreamingMillis", " ms"))
                    .append(" | ")
                    .append(cell(data, pipeline, "loadStartToReadyMillis", " ms"))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String cell(Map<String, Object> data, String pipeline, String measure, String unit) {
        if (!FigureData.has(data, pipeline, measure)) {
            return "-";
        }
        List<Double> rounds = FigureData.numbers(data, pipeline, measure);
        StringBuilder cell = new StringBuilder(String.format(Locale.ENGLISH, "%,.0f%s (", Stats.median(rounds), unit));
        for (int i = 0; i < rounds.size(); i++) {
            cell.append(i == 0 ? "" : ", ").append(String.format(Locale.ENGLISH, "%,.0f", rounds.get(i)));
        }
        return cell.append(")").toString();
    }
}
