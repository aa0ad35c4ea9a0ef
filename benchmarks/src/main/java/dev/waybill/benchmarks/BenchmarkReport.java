package dev.waybill.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs benchmark sections and writes {@code docs/benchmarks.md} (for people) and {@code docs/benchmarks.json} (every
 * figure, for machines). Sections not run this time keep their earlier figures, each with its own date and machine.
 *
 * <pre>bin/benchmarks                 # every section
 * bin/benchmarks validation write   # only these
 * bin/benchmarks --render           # measure nothing: write the Markdown and the README table again</pre>
 */
public final class BenchmarkReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<Section> SECTIONS = List.of(
            new ValidationSection(),
            new WriteSection(),
            new RetentionSection(),
            new RelayThroughputSection(),
            new LatencySection(),
            new CollectorSection(),
            new FootprintSection(),
            new ColdStartSection(),
            new TakeoverSection(),
            new ConnectSection());

    /** The preamble's description of benchmarks.json, for scripts and for readers comparing runs. */
    private static final String JSON_LAYOUT = "[benchmarks.json](benchmarks.json) holds every figure:\n\n"
            + "- `figures`: the headline figures, one object per stable key `<section>.<name>` (for example "
            + "`relay-throughput.rows-to-plain-debezium`, `latency.p99-at-2000`, "
            + "`write.jdbc.4-writers.message-to-select-1`), which keep their meaning from run to run: `label` (what it "
            + "is), `value`, `unit` (`ratio`, `ms`, `events/s`, `validations/s`, `MB`, `MiB`), `goal` "
            + "(`{\"comparison\": \"<\" | \"<=\" | \">=\" | \">\", \"threshold\": ...}`, or null for a figure "
            + "that is only a comparison), `met` (true or false; null without a goal), `rounds` (the same figure in "
            + "every round of the run, in order; `[]` where the section keeps no rounds), `spread` (`min`, `max` "
            + "and `relative` = (max - min) / median of the rounds; null without rounds) and `measuredAt`. The "
            + "value is the section's own headline (a median, a ratio of medians, or over all samples), so it can "
            + "differ a little from the median of `rounds`. Figures are derived from the sections' data by "
            + "`bin/benchmarks`, also by `--render`; a figure appears only where its section recorded the data.\n"
            + "- One object per section (`validation`, `write`, ...): the data as the section recorded it, with "
            + "`measuredAt` and the `machine`. Sections not run in the latest run keep their earlier data.\n";

    private BenchmarkReport() {}

    public static void main(String[] args) throws Exception {
        Path docs = Path.of("docs");
        boolean renderOnly = List.of(args).equals(List.of("--render"));
        List<String> wanted = renderOnly ? List.of() : List.of(args);
        for (String key : wanted) {
            if (SECTIONS.stream().noneMatch(section -> section.key().equals(key))) {
                System.err.println("unknown section '" + key + "'; sections: "
                        + SECTIONS.stream().map(Section::key).toList());
                System.exit(2);
            }
        }
        Path jsonFile = docs.resolve("benchmarks.json");
        Map<String, Map<String, Object>> all = sections(jsonFile);
        Machine machine = Machine.current();
        List<String> failed = new ArrayList<>();
        for (Section section : SECTIONS) {
            if (!renderOnly && (wanted.isEmpty() || wanted.contains(section.key()))) {
                System.out.println("== " + section.key());
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put(
                        "measuredAt",
                        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
                figures.put("machine", machine.asMap());
                try {
                    figures.putAll(section.run());
                    all.put(section.key(), figures);
                } catch (Exception | Error e) {
                    // A long run keeps what the other sections measured; this one keeps its earlier figures.
                    e.printStackTrace();
                    failed.add(section.key());
                }
            }
        }
        Files.createDirectories(docs);
        JSON.writeValue(jsonFile.toFile(), json(all));
        Files.writeString(docs.resolve("benchmarks.md"), markdown(all));
        Path readme = Path.of("README.md");
        Files.writeString(readme, ReadmeSummary.update(Files.readString(readme), figures(all)));
        System.out.println("wrote " + docs.resolve("benchmarks.md") + ", " + jsonFile + " and the table in " + readme);
        if (!failed.isEmpty()) {
            System.err.println(
                    "failed: " + failed + "; their figures are the earlier ones, as benchmarks.md dates them");
            System.exit(1);
        }
        // The embedded broker and engines leave non-daemon threads behind; exiting runs the testkit's shutdown hook,
        // which stops them and the embedded PostgreSQL.
        System.exit(0);
    }

    /** The sections' data in {@code jsonFile} (none if it does not exist); the figures are derived again. */
    static Map<String, Map<String, Object>> sections(Path jsonFile) throws IOException {
        Map<String, Map<String, Object>> all = Files.exists(jsonFile)
                ? JSON.readValue(jsonFile.toFile(), new TypeReference<LinkedHashMap<String, Map<String, Object>>>() {})
                : new LinkedHashMap<>();
        all.keySet().retainAll(SECTIONS.stream().map(Section::key).toList());
        return all;
    }

    /** Every section's figures, in section order, derived from the sections' data (of this run or earlier ones). */
    static List<Figure> figures(Map<String, Map<String, Object>> all) {
        List<Figure> figures = new ArrayList<>();
        for (Section section : SECTIONS) {
            Map<String, Object> data = all.get(section.key());
            if (data != null) {
                figures.addAll(section.figures(data));
            }
        }
        return figures;
    }

    /** What benchmarks.json holds: {@code figures} first (stable keys), then every section's data as recorded. */
    static Map<String, Object> json(Map<String, Map<String, Object>> all) {
        Map<String, Object> figures = new LinkedHashMap<>();
        for (Section section : SECTIONS) {
            Map<String, Object> data = all.get(section.key());
            if (data != null) {
                for (Figure figure : section.figures(data)) {
                    figures.put(figure.key(), figure.json(data.get("measuredAt")));
                }
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("figures", figures);
        json.putAll(all);
        return json;
    }

    static String markdown(Map<String, Map<String, Object>> all) {
        StringBuilder md = new StringBuilder("# Benchmarks\n\n");
        md.append(
                        "Generated by `bin/benchmarks` (run from the repository root; it builds what it needs and starts its ")
                .append("own embedded PostgreSQL). `bin/benchmarks <section>...` reruns only some sections; ")
                .append("`bin/benchmarks --render` measures nothing and writes this page, the figures and the ")
                .append("README's table again from benchmarks.json. These machines are noisy: compared ")
                .append("configurations run alternately in the same run, and figures are medians and ratios from ")
                .append("one run, never comparisons across runs. The spread of a figure's rounds (largest - ")
                .append("smallest, over their median) tells how far a change must go before it is more than noise.\n\n")
                .append(JSON_LAYOUT);
        for (Section section : SECTIONS) {
            Map<String, Object> figures = all.get(section.key());
            if (figures == null) {
                continue;
            }
            md.append('\n').append(section.markdown(figures));
            md.append(FigureTable.section(section.figures(figures)));
            @SuppressWarnings("unchecked")
            Map<String, Object> machine = (Map<String, Object>) figures.get("machine");
            md.append("\n_Measured ")
                    .append(figures.get("measuredAt"))
                    .append(" on ")
                    .append(machine.get("cpu"))
                    .append(", ")
                    .append(machine.get("cores"))
                    .append(" cores, ")
                    .append(machine.get("memory"))
                    .append(", ")
                    .append(machine.get("os"))
                    .append(", ")
                    .append(machine.get("java"))
                    .append("._\n");
        }
        return md.toString();
    }
}
