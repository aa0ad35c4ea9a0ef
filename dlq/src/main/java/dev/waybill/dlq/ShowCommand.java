package dev.waybill.dlq;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waybill.cli.FormatOption;
import dev.waybill.cli.WaybillCli;
import dev.waybill.contracts.ContractCatalog;
import dev.waybill.dlq.internal.DeadLetter;
import dev.waybill.dlq.internal.KafkaAccess;
import dev.waybill.dlq.internal.Lookup;
import dev.waybill.dlq.internal.PiiMasking;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = {
            "Show one dead letter: every header and the payload, pretty-printed, with the values of the properties"
                    + " its contract classifies pii masked.",
            "When its contract is not known, the payload is not shown (masking cannot be applied) unless --unmasked"
                    + " asks for it."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "1:no such dead letter", "2:usage, configuration or connection error"})
final class ShowCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DlqOptions options;

    @Mixin
    FormatOption format;

    static final class Which {
        @Option(names = "--id", paramLabel = "<event id>", description = "The event's id (ce_id).")
        String id;

        @Parameters(paramLabel = "<topic>:<partition>:<offset>", description = "Where the dead letter is.")
        String coordinates;
    }

    @ArgGroup(multiplicity = "1")
    Which which;

    @Option(names = "--unmasked", description = "Show pii values, and payloads whose contract is unknown, as they are.")
    boolean unmasked;

    @Override
    public Integer call() {
        KafkaAccess kafka = options.kafka(spec);
        Optional<ContractCatalog> catalog = options.catalog(spec);
        Optional<DeadLetter> found;
        List<String> topics = which.id == null ? List.of() : options.topics(kafka, catalog);
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(null)) {
            found = which.id == null
                    ? Lookup.at(consumer, which.coordinates)
                    : Lookup.byId(consumer, topics, options.from(Instant.now()), which.id);
        } catch (KafkaException e) {
            throw kafka.connectionFailure(e);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (found.isEmpty()) {
            String message = which.id == null
                    ? "no record at " + which.coordinates
                    : "no dead letter with id " + which.id + " in " + String.join(", ", topics);
            if (format.json()) {
                Output.json(out, Output.ordered("command", "dlq show", "found", false, "message", message));
            } else {
                spec.commandLine().getErr().println("waybill dlq show: " + message);
                spec.commandLine().getErr().flush();
            }
            return WaybillCli.PROBLEMS;
        }
        print(out, found.get(), catalog);
        return WaybillCli.OK;
    }

    private void print(PrintWriter out, DeadLetter letter, Optional<ContractCatalog> catalog) {
        Payload payload = payload(letter, catalog);
        Map<String, String> headers = new LinkedHashMap<>();
        letter.headers()
                .forEach(header -> headers.put(
                        header.key(),
                        header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8)));
        if (format.json()) {
            Output.json(
                    out,
                    Output.ordered(
                            "command", "dlq show",
                            "found", true,
                            "record", letter.coordinates(),
                            "topic", letter.topic(),
                            "partition", letter.partition(),
                            "offset", letter.offset(),
                            "timestamp", letter.timestamp().toString(),
                            "key", letter.keyText(),
                            "headers", headers,
                            "payload", payload.json,
                            "payloadText", payload.text,
                            "masking",
                                    Output.ordered(
                                            "applied", payload.masked, "paths", payload.paths, "note", payload.note)));
            return;
        }
        out.println("dead letter " + letter.coordinates() + " at " + letter.timestamp());
        out.println("key: " + (letter.keyText() == null ? "(none)" : letter.keyText()));
        out.println("headers:");
        headers.forEach((name, value) -> out.println("  " + name + ": " + value));
        out.println("payload (" + payload.note + "):");
        if (payload.json != null) {
            out.println(Output.pretty(payload.json));
        } else if (payload.text != null) {
            out.println(payload.text);
        }
        out.flush();
    }

    /** What to show of the value, and why. */
    private record Payload(JsonNode json, String text, boolean masked, List<String> paths, String note) {}

    private Payload payload(DeadLetter letter, Optional<ContractCatalog> catalog) {
        if (letter.value() == null) {
            return new Payload(null, null, false, List.of(), "none: dead-lettered without its value");
        }
        JsonNode json;
        try {
            json = Output.mapper().readTree(letter.value());
        } catch (java.io.IOException notJson) {
            // A malformed-payload dead letter: shown as text when unmasked, otherwise not at all.
            json = null;
        }
        if (unmasked) {
            return json == null
                    ? new Payload(null, letter.valueText(), false, List.of(), "unmasked, not JSON")
                    : new Payload(json, null, false, List.of(), "unmasked");
        }
        PiiMasking.Plan plan = PiiMasking.plan(catalog, letter.contract(), letter.version());
        if (!plan.possible()) {
            return new Payload(
                    null,
                    null,
                    false,
                    List.of(),
                    "not shown: masking cannot be applied, " + plan.explanation() + "; --unmasked shows it as it is");
        }
        if (json == null) {
            return new Payload(
                    null,
                    null,
                    false,
                    List.of(),
                    "not shown: the value is not JSON, so its pii values cannot be masked; --unmasked shows it");
        }
        List<String> paths = List.copyOf(plan.paths().orElseThrow());
        return new Payload(
                PiiMasking.mask(json, plan.paths().orElseThrow()),
                null,
                true,
                paths,
                "masked: " + plan.explanation() + (paths.isEmpty() ? ", none" : ": " + String.join(", ", paths)));
    }
}
