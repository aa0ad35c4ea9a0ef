package dev.waybill.dev;

import dev.waybill.cli.Signals;
import dev.waybill.cli.WaybillCli;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "dev",
        mixinStandardHelpOptions = true,
        description = {
            "Run the whole pipeline locally with nothing installed: embedded PostgreSQL and Kafka, the "
                    + "migrations, the example contracts, the example shop writing orders (some deliberately breaking "
                    + "their contract) and the relay, the collector and its validator with the shop's frontend sending "
                    + "product views through it (some breaking their contract too), with a live summary. Ctrl-C "
                    + "stops it."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every event reached Kafka exactly where it should", "1:some did not", "2:could not start"})
public final class DevCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--events",
            paramLabel = "<n>",
            defaultValue = "0",
            description = "Stop after n events, print the final summary and exit (default: run until Ctrl-C).")
    int events;

    @Option(
            names = "--rate",
            paramLabel = "<per-second>",
            defaultValue = "20",
            description = "Business transactions per second (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(
            names = "--contracts",
            paramLabel = "<dir>",
            description = "Contract directory (default: examples/contracts of the Waybill repository).")
    Path contracts;

    @Option(
            names = "--http-port",
            paramLabel = "<port>",
            defaultValue = "0",
            description = "Port of the relay's health and metrics endpoints (default: a free one).")
    int httpPort;

    @Option(
            names = "--collector-port",
            paramLabel = "<port>",
            defaultValue = "0",
            description = "Port of the collector's HTTP API, POST /v1/events (default: a free one, printed).")
    int collectorPort;

    @Override
    public Integer call() {
        boolean terminal = System.console() != null && events == 0;
        DevMode dev = new DevMode(
                new DevMode.Options(events, rate, Optional.ofNullable(contracts), httpPort, collectorPort, terminal),
                spec.commandLine().getOut());
        Signals.onTermination(dev::stop);
        return dev.run() ? WaybillCli.OK : WaybillCli.PROBLEMS;
    }
}
