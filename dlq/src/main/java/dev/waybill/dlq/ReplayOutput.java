package dev.waybill.dlq;

import dev.waybill.dlq.internal.ReplayReport;
import java.io.PrintWriter;

/** The report of {@code waybill dlq replay}, for people and for pipelines. */
final class ReplayOutput {

    private ReplayOutput() {}

    static void json(PrintWriter out, ReplayReport report) {
        Output.json(
                out,
                Output.ordered(
                        "command", "dlq replay",
                        "name", report.name(),
                        "dryRun", report.dryRun(),
                        "topics", report.topics(),
                        "alreadyHandled", report.alreadyHandled(),
                        "read", report.read(),
                        "skipped", report.skipped(),
                        "matched", report.matched(),
                        "replayed", report.replayed(),
                        "replayedByTopic", report.replayedByTopic(),
                        "stillFailing",
                                Output.ordered(
                                        "count",
                                        report.failed(),
                                        "byReason",
                                        report.failures().stream()
                                                .map(failure -> Output.ordered(
                                                        "reason",
                                                        failure.reason(),
                                                        "pointer",
                                                        failure.pointer(),
                                                        "count",
                                                        failure.count()))
                                                .toList(),
                                        "first",
                                        report.failedLetters().stream()
                                                .map(letter -> Output.ordered(
                                                        "id",
                                                        letter.id(),
                                                        "record",
                                                        letter.coordinates(),
                                                        "reason",
                                                        letter.reason(),
                                                        "pointer",
                                                        letter.pointer()))
                                                .toList()),
                        "tooLarge", Output.ordered("count", report.tooLarge(), "ids", report.tooLargeIds()),
                        "complete", report.complete()));
    }

    static void text(PrintWriter out, ReplayReport report) {
        if (report.alreadyHandled() > 0) {
            out.println("resumed: an earlier run already went through "
                    + Output.plural(report.alreadyHandled(), "dead letter"));
        }
        if (report.read() == 0) {
            out.println(
                    report.alreadyHandled() > 0
                            ? "nothing left: this replay already went through every dead letter up to the end of "
                                    + String.join(", ", report.topics())
                                    + "; nothing was published (another --name goes through them again)"
                            : "no dead letters in "
                                    + (report.topics().isEmpty() ? "any topic" : String.join(", ", report.topics())));
            out.flush();
            return;
        }
        out.println("read " + Output.plural(report.read(), "dead letter") + ": " + report.skipped()
                + " not matching the filters, " + report.matched() + " matching");
        String verb = report.dryRun() ? "would replay " : "replayed ";
        out.println(verb
                + report.replayed()
                + (report.replayedByTopic().isEmpty() ? "" : ": ")
                + String.join(
                        ", ",
                        report.replayedByTopic().entrySet().stream()
                                .map(entry -> entry.getValue() + " to " + entry.getKey())
                                .toList()));
        if (report.failed() > 0) {
            out.println("still failing " + report.failed() + " (they stay in the dead-letter topic):");
            report.failures()
                    .forEach(failure -> out.println("  " + failure.count() + " " + failure.reason()
                            + (failure.pointer().isEmpty() ? "" : " at " + failure.pointer())));
            out.println("  the first of them:");
            report.failedLetters()
                    .forEach(letter -> out.println("    " + letter.id() + " (" + letter.coordinates() + ") "
                            + letter.reason() + (letter.pointer().isEmpty() ? "" : " at " + letter.pointer())));
        }
        if (report.tooLarge() > 0) {
            out.println("cannot be replayed " + report.tooLarge()
                    + " (record-too-large: dead-lettered without a value): " + String.join(", ", report.tooLargeIds()));
        }
        if (report.dryRun()) {
            out.println("dry run: nothing published, nothing committed");
        }
        out.flush();
    }
}
