package dev.waybill.dlq;

import dev.waybill.cli.FormatOption;
import dev.waybill.cli.WaybillCli;
import dev.waybill.contracts.ContractCatalog;
import dev.waybill.dlq.internal.DeadLetter;
import dev.waybill.dlq.internal.DeadLetterFilter;
import dev.waybill.dlq.internal.DeadLetterSummary;
import dev.waybill.dlq.internal.KafkaAccess;
import dev.waybill.dlq.internal.Snapshot;
import dev.waybill.dlq.internal.TimeBound;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "summary",
        mixinStandardHelpOptions = true,
        description = "Count dead letters by contract, version, reason, JSON pointer and hour, with the first and last"
                + " record of each group.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:summarized", "2:usage, configuration or connection error"})
final class SummaryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DlqOptions options;

    @Mixin
    FormatOption format;

    @Option(
            names = "--since",
            paramLabel = "<time>",
            description = "Only dead letters from this time on (ISO-8601 instant, or a duration before now like 24h).")
    String since;

    @Option(
            names = "--until",
            paramLabel = "<time>",
            description = "Only dead letters before this time (ISO-8601 instant, or a duration before now).")
    String until;

    @Option(names = "--contract", paramLabel = "<id>", description = "Only this contract's dead letters.")
    String contract;

    @Override
    public Integer call() {
        Instant now = Instant.now();
        DeadLetterFilter filter = DeadLetterFilter.builder()
                .contract(contract)
                .since(since == null ? null : TimeBound.parse("--since", since, now))
                .until(until == null ? null : TimeBound.parse("--until", until, now))
                .build();
        KafkaAccess kafka = options.kafka(spec);
        Optional<ContractCatalog> catalog = options.catalog(spec);
        List<String> topics = options.topics(kafka, catalog);
        DeadLetterSummary summary = new DeadLetterSummary();
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(null)) {
            Snapshot snapshot = Snapshot.open(consumer, topics, options.from(now), false);
            while (!snapshot.done()) {
                for (ConsumerRecord<byte[], byte[]> record : snapshot.poll()) {
                    DeadLetter letter = DeadLetter.of(record);
                    if (filter.matches(letter)) {
                        summary.add(letter);
                    }
                }
            }
        } catch (KafkaException e) {
            throw kafka.connectionFailure(e);
        }
        print(spec.commandLine().getOut(), topics, summary);
        return WaybillCli.OK;
    }

    private void print(PrintWriter out, List<String> topics, DeadLetterSummary summary) {
        List<DeadLetterSummary.Group> groups = summary.groups();
        if (format.json()) {
            Output.json(
                    out,
                    Output.ordered(
                            "command",
                            "dlq summary",
                            "topics",
                            topics,
                            "total",
                            summary.total(),
                            "groups",
                            groups.stream()
                                    .map(group -> Output.ordered(
                                            "hour",
                                            group.hour().toString(),
                                            "contract",
                                            group.contract(),
                                            "version",
                                            group.version(),
                                            "reason",
                                            group.reason(),
                                            "pointer",
                                            group.pointer(),
                                            "count",
                                            group.count(),
                                            "first",
                                            Output.ordered(
                                                    "record",
                                                    group.first(),
                                                    "at",
                                                    group.firstAt().toString()),
                                            "last",
                                            Output.ordered(
                                                    "record",
                                                    group.last(),
                                                    "at",
                                                    group.lastAt().toString())))
                                    .toList()));
            return;
        }
        if (!groups.isEmpty()) {
            DateTimeFormatter hour = DateTimeFormatter.ISO_INSTANT;
            Output.table(
                    out,
                    List.of("HOUR", "CONTRACT", "VERSION", "REASON", "POINTER", "COUNT", "FIRST", "LAST"),
                    groups.stream()
                            .map(group -> List.of(
                                    hour.format(group.hour().truncatedTo(ChronoUnit.HOURS)),
                                    group.contract(),
                                    group.version(),
                                    group.reason(),
                                    group.pointer(),
                                    Long.toString(group.count()),
                                    group.first(),
                                    group.last()))
                            .toList());
        }
        out.println(Output.plural(summary.total(), "dead letter") + " in " + Output.plural(groups.size(), "group")
                + (topics.isEmpty()
                        ? "; no dead-letter topic exists (--topic names one)"
                        : " from " + String.join(", ", topics)));
        out.flush();
    }
}
