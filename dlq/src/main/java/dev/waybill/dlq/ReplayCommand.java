package dev.waybill.dlq;

import dev.waybill.cli.FormatOption;
import dev.waybill.cli.WaybillCli;
import dev.waybill.contracts.ContractCatalog;
import dev.waybill.dlq.internal.DeadLetterFilter;
import dev.waybill.dlq.internal.KafkaAccess;
import dev.waybill.dlq.internal.ReplayName;
import dev.waybill.dlq.internal.ReplayReport;
import dev.waybill.dlq.internal.Replayer;
import dev.waybill.dlq.internal.TimeBound;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

// No mixinStandardHelpOptions: --version is a filter here, not the program's version.
@Command(
        name = "replay",
        description = {
            "Validate the matching dead letters against the current contracts and publish those that pass to their"
                    + " contract's topic, with the same id, key and value, exactly once.",
            "A replay is a consumer group (--name, by default derived from the filters): running the same command"
                    + " again resumes it, and once it is finished publishes nothing."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every matching dead letter was replayed",
            "1:some still fail their contract, or cannot be replayed",
            "2:usage, configuration or connection error"
        })
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DlqOptions options;

    @Mixin
    FormatOption format;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--contract", paramLabel = "<id>", description = "Only this contract's dead letters.")
    String contract;

    @Option(names = "--version", paramLabel = "<version>", description = "Only dead letters of this version.")
    String version;

    @Option(names = "--reason", paramLabel = "<reason>", description = "Only dead letters of this reason code.")
    String reason;

    @Option(
            names = "--since",
            paramLabel = "<time>",
            description = "Only dead letters from this time on (ISO-8601 instant, or a duration before now like 24h).")
    String since;

    @Option(names = "--until", paramLabel = "<time>", description = "Only dead letters before this time.")
    String until;

    @Option(names = "--id", paramLabel = "<event id>", description = "Only this event; repeatable.")
    List<String> ids;

    @Option(
            names = "--name",
            paramLabel = "<name>",
            description = "The replay's consumer group and transactional id (default: derived from the filters).")
    String name;

    @Option(names = "--dry-run", description = "Report what would be replayed; publish and commit nothing.")
    boolean dryRun;

    @Option(
            names = "--rate",
            paramLabel = "<events/s>",
            defaultValue = "500",
            description = "Publish at most this many events a second, at least 1 (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--list",
            paramLabel = "<n>",
            defaultValue = "10",
            description = "List the ids of the first n dead letters that still fail (default: ${DEFAULT-VALUE}).")
    int listLimit;

    @Override
    public Integer call() {
        if (!(rate >= Replayer.MIN_RATE)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--rate must be at least " + (int) Replayer.MIN_RATE + " event a second, was " + rate);
        }
        Instant now = Instant.now();
        DeadLetterFilter filter = DeadLetterFilter.builder()
                .contract(contract)
                .version(version)
                .reason(reason)
                .since(since == null ? null : TimeBound.parse("--since", since, now))
                .until(until == null ? null : TimeBound.parse("--until", until, now))
                .ids(ids == null ? Set.of() : Set.copyOf(ids))
                .build();
        KafkaAccess kafka = options.kafka(spec);
        ContractCatalog catalog = options.catalog(spec)
                .orElseThrow(() -> new ParameterException(
                        spec.commandLine(),
                        "replay validates against the current contracts: give --contracts <dir> or --registry"
                                + " <jdbc-url>"));
        String replay = name != null ? name : ReplayName.derive(filters());
        PrintWriter out = spec.commandLine().getOut();
        if (!format.json()) {
            // Before anything can fail or hang, so that whoever interrupts the replay knows what resumes it.
            out.println("replay " + replay + " (consumer group and transactional id; the same command resumes it)");
            out.flush();
        }
        Replayer.Plan plan = Replayer.Plan.builder()
                .name(replay)
                .topics(options.topics(kafka, Optional.of(catalog)))
                .filter(filter)
                .from(options.from(now))
                .catalog(catalog)
                .dryRun(dryRun)
                .rate(rate)
                .listLimit(listLimit)
                .build();
        ReplayReport report = new Replayer(kafka, plan, Clock.systemUTC()).run();
        if (format.json()) {
            ReplayOutput.json(out, report);
        } else {
            ReplayOutput.text(out, report);
        }
        return report.complete() ? WaybillCli.OK : WaybillCli.PROBLEMS;
    }

    /** The filters as typed, for the default name. */
    private Map<String, List<String>> filters() {
        Map<String, List<String>> filters = new LinkedHashMap<>();
        filters.put("--contract", contract == null ? List.of() : List.of(contract));
        filters.put("--version", version == null ? List.of() : List.of(version));
        filters.put("--reason", reason == null ? List.of() : List.of(reason));
        filters.put("--since", since == null ? List.of() : List.of(since));
        filters.put("--until", until == null ? List.of() : List.of(until));
        filters.put("--id", ids == null ? List.of() : ids);
        filters.put("--topic", options.topics == null ? List.of() : options.topics);
        return filters;
    }
}
