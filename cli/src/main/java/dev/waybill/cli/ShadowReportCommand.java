package dev.waybill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "shadow-report",
        mixinStandardHelpOptions = true,
        description = {
            "What a proposed contract version would do with today's events: the relays check every event of the"
                    + " version it would replace against it too, in shadow (nothing is published for it), and count"
                    + " would-pass and would-fail with the reasons and JSON pointers.",
            "Several --relay: the relays of one stream, summed."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:reported (and within --max-reject-percent)",
            "1:would reject more than --max-reject-percent",
            "2:usage error, a relay cannot be reached or does not shadow that version"
        })
final class ShadowReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONTRACT", description = "Contract id, e.g. orders.order-placed.")
    String contract;

    @Parameters(index = "1", paramLabel = "VERSION", description = "The proposed version, e.g. 1.2.0.")
    String version;

    @Option(
            names = "--relay",
            paramLabel = "URL",
            description = "A relay's HTTP address (http.host, http.port); repeat for the relays of a stream"
                    + " (default: " + ShadowReports.DEFAULT_RELAY + ").")
    List<URI> relays = List.of(URI.create(ShadowReports.DEFAULT_RELAY));

    @Option(
            names = "--max-reject-percent",
            paramLabel = "PERCENT",
            description = "Exit 1 when the proposed version would reject more than this share of the events"
                    + " checked (0-100), e.g. as a gate in CI.")
    Double maxRejectPercent;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "PT5S",
            description = "How long to wait for each relay (ISO-8601, default PT5S).")
    Duration timeout;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        if (maxRejectPercent != null && (maxRejectPercent < 0 || maxRejectPercent > 100 || maxRejectPercent.isNaN())) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--max-reject-percent " + maxRejectPercent + " is not a percentage: give 0-100");
        }
        ShadowSummary summary = new ShadowReports(timeout).one(relays, contract, version);
        boolean over = maxRejectPercent != null && summary.rejectPercent() > maxRejectPercent;
        PrintWriter out = spec.commandLine().getOut();
        if (format.json()) {
            ObjectNode json = summary.json();
            if (maxRejectPercent != null) {
                json.put("maxRejectPercent", maxRejectPercent);
            }
            json.put("ok", !over);
            ContractReport.write(out, json);
        } else {
            out.println(summary.line());
            out.printf(
                    Locale.ROOT,
                    "  would pass %,d; of the rejected, already rejected by %s: %,d; pointer counts %s%n",
                    summary.wouldPass(),
                    summary.shadowedVersion(),
                    summary.alreadyRejected(),
                    summary.pointersExact() ? "exact" : "estimated (more distinct pointers than a relay keeps)");
            if (!summary.sampleEventIds().isEmpty()) {
                out.println("  latest rejected event ids: " + String.join(", ", summary.sampleEventIds()));
            }
            out.println("  relays: " + String.join(", ", summary.relays()));
            if (maxRejectPercent != null) {
                out.println((over ? "FAIL: would reject " : "OK: would reject ")
                        + ShadowSummary.percent(summary.rejectPercent()) + " of the events checked, "
                        + (over ? "over" : "within") + " --max-reject-percent "
                        + ShadowSummary.percent(maxRejectPercent));
            }
        }
        out.flush();
        return over ? WaybillCli.PROBLEMS : WaybillCli.OK;
    }
}
