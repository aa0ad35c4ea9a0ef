package dev.waybill.collector.cli;

import dev.waybill.cli.Signals;
import dev.waybill.cli.WaybillCli;
import dev.waybill.collector.Collector;
import dev.waybill.collector.CollectorConfig;
import dev.waybill.collector.CollectorConfigException;
import dev.waybill.collector.CollectorSetting;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "collect",
        mixinStandardHelpOptions = true,
        description = {
            "Run the collector: accept events over HTTP (POST /v1/events), check their envelopes, and write each "
                    + "unchanged to its contract's raw topic.",
            "Every setting, its default and its WAYBILL_* environment variable: docs/collector.md."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or Ctrl-C", "2:configuration error: the message says what to fix"})
final class CollectCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(CollectCommand.class);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "<file>",
            description = "YAML configuration file; WAYBILL_* environment variables override it.")
    Path config;

    @Option(names = "--print-config", description = "Print the effective configuration (secrets masked) and exit.")
    boolean printConfig;

    @Override
    public Integer call() throws InterruptedException {
        CollectorConfig settings;
        Collector collector;
        try {
            settings =
                    CollectorConfig.load(Optional.ofNullable(config), System.getenv(), CollectorSetting.Scope.COLLECT);
            if (printConfig) {
                spec.commandLine().getOut().print(settings.describe());
                spec.commandLine().getOut().flush();
                return WaybillCli.OK;
            }
            LOG.info("Starting with configuration:\n{}", settings.describe());
            collector = Collector.start(settings);
        } catch (CollectorConfigException e) {
            spec.commandLine().getErr().println("waybill collect: configuration error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return WaybillCli.ERROR;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTermination(stop::countDown);
        spec.commandLine().getErr().println("waybill collect: listening on port " + collector.port());
        spec.commandLine().getErr().flush();
        stop.await();
        LOG.info("Stopping: answering requests in flight, draining the buffer");
        collector.close();
        return WaybillCli.OK;
    }
}
