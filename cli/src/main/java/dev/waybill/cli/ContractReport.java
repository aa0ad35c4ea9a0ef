package dev.waybill.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.waybill.contracts.CompatibilityProblem;
import dev.waybill.contracts.ContractProblem;
import dev.waybill.contracts.ConversionCheckResult;
import dev.waybill.contracts.DataContract;
import dev.waybill.contracts.LintReport;
import dev.waybill.contracts.PushResult;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a contracts command found, printed for people or for machines; also decides the exit code. */
final class ContractReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String command;
    private final LintReport lint;
    private List<CompatibilityProblem> compatibility = List.of();
    private PushResult push;
    private List<ConversionCheckResult> conversions = List.of();

    ContractReport(String command, LintReport lint) {
        this.command = command;
        this.lint = lint;
    }

    ContractReport compatibility(List<CompatibilityProblem> problems) {
        this.compatibility = List.copyOf(problems);
        return this;
    }

    /** The down-conversions run on generated examples: failures are problems, examples not generated are notes. */
    ContractReport conversions(List<ConversionCheckResult> results) {
        this.conversions = List.copyOf(results);
        return this;
    }

    private List<ConversionCheckResult> conversionProblems() {
        return conversions.stream()
                .filter(result -> result.outcome() == ConversionCheckResult.Outcome.FAILED)
                .toList();
    }

    ContractReport push(PushResult result) {
        this.push = result;
        return this;
    }

    boolean ok() {
        return lint.ok() && compatibility.isEmpty() && conversionProblems().isEmpty() && (push == null || push.ok());
    }

    int exitCode() {
        return ok() ? WaybillCli.OK : WaybillCli.PROBLEMS;
    }

    void print(PrintWriter out, boolean json) {
        if (json) {
            printJson(out);
        } else {
            printText(out);
        }
        out.flush();
    }

    private void printText(PrintWriter out) {
        lint.problems().forEach(out::println);
        compatibility.forEach(out::println);
        conversions.stream()
                .filter(result -> result.outcome() != ConversionCheckResult.Outcome.PASSED)
                .forEach(out::println);
        if (push != null) {
            push.outcomes()
                    .forEach(outcome ->
                            out.println(outcome.kind().name().toLowerCase().replace('_', ' ')
                                    + " " + outcome.contractId() + " " + outcome.version()
                                    + (outcome.message().isEmpty() ? "" : ": " + outcome.message())));
            push.compatibilityProblems().forEach(out::println);
        }
        int problems = lint.problems().size()
                + compatibility.size()
                + conversionProblems().size()
                + (push == null
                        ? 0
                        : push.compatibilityProblems().size()
                                + (int) push.outcomes().stream()
                                        .filter(o -> o.kind() == PushResult.Kind.REFUSED)
                                        .count());
        StringBuilder summary = new StringBuilder(command)
                .append(": ")
                .append(plural(lint.contracts().size(), "contract version"))
                .append(" read, ")
                .append(plural(problems, "problem"));
        if (!conversions.isEmpty()) {
            summary.append(", ")
                    .append(plural(conversions.size(), "down-conversion example"))
                    .append(" checked");
        }
        if (push != null) {
            summary.append(push.ok() ? "; pushed" : "; nothing was pushed");
        }
        out.println(summary);
    }

    private void printJson(PrintWriter out) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", command);
        report.put("ok", ok());
        List<Map<String, Object>> contracts = new ArrayList<>();
        for (DataContract contract : lint.contracts()) {
            contracts.add(ordered(
                    "id",
                    contract.id(),
                    "version",
                    contract.version().toString(),
                    "status",
                    contract.status().value(),
                    "topic",
                    contract.topic(),
                    "source",
                    contract.source()));
        }
        report.put("contracts", contracts);
        report.put(
                "problems", lint.problems().stream().map(ContractReport::json).toList());
        List<CompatibilityProblem> allCompatibility = new ArrayList<>(compatibility);
        if (push != null) {
            allCompatibility.addAll(push.compatibilityProblems());
            report.put("pushed", push.ok());
            report.put(
                    "outcomes",
                    push.outcomes().stream()
                            .map(outcome -> ordered(
                                    "contract",
                                    outcome.contractId(),
                                    "version",
                                    outcome.version(),
                                    "result",
                                    outcome.kind().name().toLowerCase(),
                                    "message",
                                    outcome.message()))
                            .toList());
        }
        report.put(
                "compatibilityProblems",
                allCompatibility.stream().map(ContractReport::json).toList());
        if (command.equals("check")) {
            report.put(
                    "conversionChecks",
                    conversions.stream().map(ContractReport::json).toList());
        }
        write(out, report);
    }

    static void write(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> json(ContractProblem problem) {
        return ordered(
                "source",
                problem.source(),
                "line",
                problem.line(),
                "field",
                problem.field(),
                "message",
                problem.message());
    }

    private static Map<String, Object> json(CompatibilityProblem problem) {
        return ordered(
                "contract",
                problem.contractId(),
                "olderVersion",
                problem.olderVersion(),
                "newerVersion",
                problem.newerVersion(),
                "rule",
                problem.rule(),
                "pointer",
                problem.pointer(),
                "message",
                problem.message());
    }

    private static Map<String, Object> json(ConversionCheckResult result) {
        return ordered(
                "contract",
                result.contractId(),
                "fromVersion",
                result.fromVersion(),
                "toVersion",
                result.toVersion(),
                "example",
                result.example(),
                "result",
                result.outcome().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                "pointer",
                result.pointer(),
                "message",
                result.message(),
                "payload",
                result.payload());
    }

    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
