package dev.waybill.benchmarks;

import java.util.List;
import java.util.Map;

/** One part of the benchmark report: it measures, and it renders its own figures. */
interface Section {

    /** The key in benchmarks.json and on the command line, for example {@code validation}. */
    String key();

    /** Measures and returns every figure (numbers, strings, lists and maps of them). */
    Map<String, Object> run() throws Exception;

    /**
     * The headline figures, derived from the data {@link #run()} returned (in this run or an earlier one, read back
     * from benchmarks.json): only figures the data holds; empty rounds where it keeps none.
     */
    List<Figure> figures(Map<String, Object> data);

    /** The Markdown for this section, from figures of this run or an earlier one. */
    String markdown(Map<String, Object> figures);
}
