package dev.waybill.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Contract validation per core, with JMH ({@link ValidationBenchmark}). */
final class ValidationSection implements Section {

    private static final double VALIDATION_TARGET_PER_CORE = 100_000;
    private static final Map<String, String> BENCHMARK_LABELS = Map.of(
            "validEventFromText", "a valid event given as JSON text (parse + JSON Schema 2020-12, formats on)",
            "invalidEventFromText", "an event with three violations, given as JSON text",
            "validEventAlreadyParsed", "a valid event already parsed (schema evaluation alone)");

    @Override
    public String key() {
        return "validation";
    }

    @Override
    public List<Figure> figures(Map<String, Object> data) {
        List<Figure> figures = new ArrayList<>();
        for (String benchmark : List.of("validEventFromText", "invalidEventFromText", "validEventAlreadyParsed")) {
            FigureData.row(FigureData.rows(data, "rows"), "benchmark", benchmark)
                    .ifPresent(row -> figures.add(Figure.of(
                                    key() + "."
                                            + benchmark
                                                    .replaceAll("([A-Z])", "-$1")
                                                    .toLowerCase(Locale.ROOT),
                                    "contract validation, one core: " + BENCHMARK_LABELS.get(benchmark),
                                    FigureData.number(row, "opsPerSecond"),
                                    "validations/s",
                                    List.of())
                            .goal(">=", VALIDATION_TARGET_PER_CORE)));
        }
        return figures;
    }

    @Override
    public Map<String, Object> run() throws RunnerException {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("rows", rows());
        return figures;
    }

    private static List<Map<String, Object>> rows() throws RunnerException {
        Options options = new OptionsBuilder()
                .include(ValidationBenchmark.class.getName())
                .forks(2)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(2))
                .threads(1)
                .jvmArgsAppend("-Xmx512m")
                .build();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunResult result : new Runner(options).run()) {
            String name = result.getParams().getBenchmark();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("benchmark", name.substring(name.lastIndexOf('.') + 1));
            row.put("opsPerSecond", Math.round(result.getPrimaryResult().getScore()));
            row.put("error99", Math.round(result.getPrimaryResult().getScoreError()));
            row.put(
                    "microsPerOp",
                    Stats.round(1_000_000 / result.getPrimaryResult().getScore(), 2));
            row.put("targetOpsPerSecond", (long) VALIDATION_TARGET_PER_CORE);
            row.put("meetsTarget", result.getPrimaryResult().getScore() >= VALIDATION_TARGET_PER_CORE);
            rows.add(row);
        }
        return rows;
    }

    @Override
    @SuppressWarnings("unchecked")
    public String markdown(Map<String, Object> figures) {
        List<Map<String, Object>> validation = (List<Map<String, Object>>) figures.get("rows");
        StringBuilder md = new StringBuilder();
        md.append("## Contract validation (per core)\n\n");
        md.append("JMH, one thread, 2 forks x 5 iterations of 2 s after 3 warm-up iterations. A catalog lookup and a ")
                .append("JSON Schema 2020-12 evaluation (format assertions on) of a ~170-byte `orders.order-placed` ")
                .append("1.1.0 event. Target: at least ")
                .append(String.format(Locale.ROOT, "%,d", (long) VALIDATION_TARGET_PER_CORE))
                .append(" validations per second per core.\n\n");
        md.append("| benchmark | validations/s | ± (99.9%) | µs each | target met |\n|---|---:|---:|---:|---|\n");
        for (Map<String, Object> row : validation) {
            md.append("| ")
                    .append(row.get("benchmark"))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", ((Number) row.get("opsPerSecond")).longValue()))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%,d", ((Number) row.get("error99")).longValue()))
                    .append(" | ")
                    .append(row.get("microsPerOp"))
                    .append(" | ")
                    .append((Boolean) row.get("meetsTarget") ? "yes" : "**no**")
                    .append(" |\n");
        }
        md.append("\n- `validEventFromText`: the relay's case, the payload arrives as JSON text and is parsed first.\n")
                .append("- `invalidEventFromText`: three violations (pattern, minimum, enum), each described.\n")
                .append("- `validEventAlreadyParsed`: schema evaluation alone.\n");
        return md.toString();
    }
}
