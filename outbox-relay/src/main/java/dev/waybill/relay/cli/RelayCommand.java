package dev.waybill.relay.cli;

import dev.waybill.cli.Signals;
import dev.waybill.cli.WaybillCli;
import dev.waybill.relay.Relay;
import dev.waybill.relay.RelayConfig;
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
        name = "relay",
        mixinStandardHelpOptions = true,
        description = {
            "Run the relay: tail the outbox through logical replication and publish each event to its "
                    + "contract's Kafka topic, or to a dead-letter topic with the reason.",
            "Every setting, its default and its WAYBILL_* environment variable: docs/relay.md."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:stopped by SIGTERM or Ctrl-C after draining",
            "1:stopped by a failure (logged)",
            "2:configuration error: the message says what to fix"
        })
final class RelayCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RelayCommand.class);

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
        RelayConfig relayConfig = RelayConfig.load(Optional.ofNullable(config), System.getenv());
        if (printConfig) {
            spec.commandLine().getOut().print(relayConfig.describe());
            spec.commandLine().getOut().flush();
            return WaybillCli.OK;
        }
        LOG.info("Starting with configuration:\n{}", relayConfig.describe());
        Relay relay = Relay.start(relayConfig);
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signals.onTermination(stopRequested::countDown);
        Thread waiter = new Thread(
                () -> {
                    relay.terminated().join();
                    stopRequested.countDown();
                },
                "waybill-relay-waiter");
        waiter.setDaemon(true);
        waiter.start();
        stopRequested.await();
        if (relay.failure() != null) {
            spec.commandLine()
                    .getErr()
                    .println("waybill: the relay stopped: " + relay.failure().getMessage());
            relay.close();
            return WaybillCli.PROBLEMS;
        }
        LOG.info("Stopping: draining what is in flight and storing offsets");
        relay.close();
        LOG.info("Stopped");
        return WaybillCli.OK;
    }
}
