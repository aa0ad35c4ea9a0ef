package dev.waybill.collector.cli;

import dev.waybill.cli.Signals;
import dev.waybill.cli.WaybillCli;
import dev.waybill.collector.CollectorConfig;
import dev.waybill.collector.CollectorConfigException;
import dev.waybill.collector.CollectorSetting;
import dev.waybill.collector.validate.Validator;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Run the validator: a Kafka Streams application that routes the collector's raw events through their "
                    + "contracts, to the contract's topic or a dead-letter topic, exactly once.",
            "Every setting, its default and its WAYBILL_* environment variable: docs/collector.md."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or Ctrl-C", "2:configuration error: the message says what to fix"})
final class ValidateCommand implements Callable<Integer> {

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
        Validator validator;
        try {
            CollectorConfig settings =
                    CollectorConfig.load(Optional.ofNullable(config), System.getenv(), CollectorSetting.Scope.VALIDATE);
            if (printConfig) {
                spec.commandLine().getOut().print(settings.describe());
                spec.commandLine().getOut().flush();
                return WaybillCli.OK;
            }
            validator = Validator.start(settings);
        } catch (CollectorConfigException e) {
            spec.commandLine().getErr().println("waybill validate: configuration error: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return WaybillCli.ERROR;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signals.onTermination(stop::countDown);
        stop.await();
        validator.close();
        return WaybillCli.OK;
    }
}
