package dev.waybill.dlq;

import dev.waybill.cli.RegistryOptions;
import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.ContractDirectory;
import dev.waybill.contracts.DataContract;
import dev.waybill.dlq.internal.KafkaAccess;
import dev.waybill.dlq.internal.TimeBound;
import dev.waybill.outbox.WaybillException;
import dev.waybill.routing.EventRouter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** What every {@code waybill dlq} command needs: the brokers, the contracts, the dead-letter topics. */
final class DlqOptions {

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "<host:port,...>",
            defaultValue = "${env:WAYBILL_KAFKA_BOOTSTRAP_SERVERS}",
            description = "The brokers (default: $WAYBILL_KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(
            names = "--command-config",
            paramLabel = "<file>",
            description = "Kafka client properties (TLS, SASL), as Kafka's own tools take them.")
    Path commandConfig;

    @Option(
            names = "--timeout",
            paramLabel = "<duration>",
            defaultValue = "30s",
            description = "How long to wait for Kafka to answer (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(
            names = "--contracts",
            paramLabel = "<dir>",
            description = "Contract directory (or --registry): the contracts to validate against, whose "
                    + "dead-letter topics to read and whose pii properties to mask.")
    Path contracts;

    @Mixin
    RegistryOptions registry;

    @Option(
            names = "--topic",
            paramLabel = "<topic>",
            description = "A dead-letter topic to read; repeatable (default: every dead-letter topic the contracts "
                    + "name, and " + EventRouter.DEFAULT_DEAD_LETTER_TOPIC + ", those that exist).")
    List<String> topics;

    @Option(
            names = "--from",
            paramLabel = "<time>",
            description = "Start reading at this record time (ISO-8601 instant, or a duration before now like "
                    + "24h); default: the beginning of each topic.")
    String from;

    KafkaAccess kafka(CommandSpec spec) {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Missing required option: '--bootstrap-servers=<host:port,...>' (or WAYBILL_KAFKA_BOOTSTRAP_SERVERS)");
        }
        Properties properties = commandConfig == null ? new Properties() : KafkaAccess.commandConfig(commandConfig);
        return new KafkaAccess(bootstrapServers, properties, TimeBound.duration("--timeout", timeout));
    }

    /** The contracts, when given. */
    Optional<ContractCatalog> catalog(CommandSpec spec) {
        if (contracts != null && registry.present()) {
            throw new ParameterException(spec.commandLine(), "--contracts and --registry: give one of them");
        }
        if (contracts != null) {
            return Optional.of(ContractDirectory.at(contracts).load());
        }
        return registry.present() ? Optional.of(registry.registry().catalog()) : Optional.empty();
    }

    Optional<Instant> from(Instant now) {
        return Optional.ofNullable(from).map(text -> TimeBound.parse("--from", text, now));
    }

    /**
     * The topics to read: those given, or every dead-letter topic the contracts name plus the default one, those
     * that exist.
     */
    List<String> topics(KafkaAccess kafka, Optional<ContractCatalog> catalog) {
        Set<String> existing = kafka.topics();
        if (topics != null && !topics.isEmpty()) {
            Set<String> missing = new TreeSet<>(topics);
            missing.removeAll(existing);
            if (!missing.isEmpty()) {
                throw new WaybillException(
                        "--topic " + String.join(", ", missing) + ": no such topic at " + kafka.bootstrapServers());
            }
            return List.copyOf(new TreeSet<>(topics));
        }
        Set<String> candidates = new TreeSet<>();
        candidates.add(EventRouter.DEFAULT_DEAD_LETTER_TOPIC);
        catalog.ifPresent(contracts -> contracts.contracts().stream()
                .map(DataContract::deadLetterTopic)
                .flatMap(Optional::stream)
                .forEach(candidates::add));
        candidates.retainAll(existing);
        return List.copyOf(candidates);
    }
}
