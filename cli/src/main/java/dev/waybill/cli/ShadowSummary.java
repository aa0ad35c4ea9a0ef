package dev.waybill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@code proposed} contract version would do with the live events of the version it shadows, as one or more
 * relays of a stream report it ({@code GET /contracts/shadow}), summed: only the active relay routes, a standby's
 * counts are zero, and after a take-over both hold a part.
 *
 * @param since the earliest start of the relays' tallies
 * @param pointers the most frequent JSON pointers, largest first (counts summed over the relays)
 * @param pointersExact whether every relay counted its pointers exactly
 * @param relays the relays' names, as they report them
 */
public record ShadowSummary(
        String contract,
        String version,
        String shadowedVersion,
        Instant since,
        long checked,
        long wouldPass,
        long wouldFail,
        long alreadyRejected,
        Map<String, Long> reasons,
        List<Pointer> pointers,
        boolean pointersExact,
        List<String> sampleEventIds,
        List<String> relays) {

    /** How many events failed at one JSON pointer. */
    public record Pointer(String pointer, long count) {}

    /** How many pointers the text lists. */
    private static final int POINTERS_SHOWN = 3;

    public ShadowSummary {
        reasons = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
        pointers = List.copyOf(pointers);
        sampleEventIds = List.copyOf(sampleEventIds);
        relays = List.copyOf(relays);
    }

    /** One relay's report, as {@code /contracts/shadow} answers it. */
    static ShadowSummary read(JsonNode report) {
        Map<String, Long> reasons = new LinkedHashMap<>();
        report.path("reasons")
                .fields()
                .forEachRemaining(
                        entry -> reasons.put(entry.getKey(), entry.getValue().asLong()));
        List<Pointer> pointers = new ArrayList<>();
        report.path("pointers")
                .forEach(pointer -> pointers.add(new Pointer(
                        pointer.path("pointer").asText(), pointer.path("count").asLong())));
        List<String> samples = new ArrayList<>();
        report.path("sampleEventIds").forEach(id -> samples.add(id.asText()));
        return new ShadowSummary(
                report.path("contract").asText(),
                report.path("version").asText(),
                report.path("shadowedVersion").asText(),
                Instant.parse(report.path("since").asText()),
                report.path("checked").asLong(),
                report.path("wouldPass").asLong(),
                report.path("wouldFail").asLong(),
                report.path("alreadyRejected").asLong(),
                reasons,
                pointers,
                report.path("pointersExact").asBoolean(),
                samples,
                List.of(report.path("relay").asText()));
    }

    /** This summary and {@code other} (another relay's) added up. */
    ShadowSummary plus(ShadowSummary other) {
        Map<String, Long> reasonSum = new LinkedHashMap<>(reasons);
        other.reasons.forEach((reason, count) -> reasonSum.merge(reason, count, Long::sum));
        Map<String, Long> pointerSum = new LinkedHashMap<>();
        pointers.forEach(pointer -> pointerSum.merge(pointer.pointer(), pointer.count(), Long::sum));
        other.pointers.forEach(pointer -> pointerSum.merge(pointer.pointer(), pointer.count(), Long::sum));
        List<Pointer> pointerList = new ArrayList<>();
        pointerSum.forEach((pointer, count) -> pointerList.add(new Pointer(pointer, count)));
        pointerList.sort(Comparator.comparingLong(Pointer::count).reversed().thenComparing(Pointer::pointer));
        List<String> samples = new ArrayList<>(sampleEventIds);
        samples.addAll(other.sampleEventIds);
        List<String> names = new ArrayList<>(relays);
        names.addAll(other.relays);
        Map<String, Long> sortedReasons = new LinkedHashMap<>();
        reasonSum.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(entry -> sortedReasons.put(entry.getKey(), entry.getValue()));
        return new ShadowSummary(
                contract,
                version,
                shadowedVersion,
                since.isBefore(other.since) ? since : other.since,
                checked + other.checked,
                wouldPass + other.wouldPass,
                wouldFail + other.wouldFail,
                alreadyRejected + other.alreadyRejected,
                sortedReasons,
                pointerList,
                pointersExact && other.pointersExact,
                samples,
                names);
    }

    /** The share of checked events the proposed version would reject, in percent; 0 when none was checked. */
    public double rejectPercent() {
        return checked == 0 ? 0 : 100.0 * wouldFail / checked;
    }

    /**
     * One line for people: {@code orders.order-placed 1.2.0 (proposed, in shadow of 1.1.0) since ...: 1,000 events
     * checked, would reject 32 (3.2%); contract-violation 32; /items/0/sku 32}.
     */
    public String line() {
        StringBuilder text = new StringBuilder(String.format(
                Locale.ROOT,
                "%s %s (proposed, in shadow of %s) since %s: %,d events checked, would reject %,d (%s%s)",
                contract,
                version,
                shadowedVersion,
                since.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                checked,
                wouldFail,
                percent(rejectPercent()),
                alreadyRejected == 0
                        ? ""
                        : String.format(
                                Locale.ROOT, ", %,d of them rejected by %s too", alreadyRejected, shadowedVersion)));
        reasons.forEach((reason, count) -> text.append(String.format(Locale.ROOT, "; %s %,d", reason, count)));
        pointers.stream()
                .limit(POINTERS_SHOWN)
                .forEach(pointer -> text.append(String.format(
                        Locale.ROOT,
                        "; %s %,d",
                        pointer.pointer().isEmpty() ? "(payload)" : pointer.pointer(),
                        pointer.count())));
        return text.toString();
    }

    /** {@code 3.2%}: one decimal. */
    static String percent(double percent) {
        return String.format(Locale.ROOT, "%.1f%%", percent);
    }

    ObjectNode json() {
        ObjectNode node = JsonNodeFactory.instance
                .objectNode()
                .put("contract", contract)
                .put("version", version)
                .put("status", "proposed")
                .put("shadowedVersion", shadowedVersion)
                .put("since", since.toString())
                .put("checked", checked)
                .put("wouldPass", wouldPass)
                .put("wouldFail", wouldFail)
                .put("alreadyRejected", alreadyRejected)
                .put("rejectPercent", rejectPercent());
        ObjectNode reasonNode = node.putObject("reasons");
        reasons.forEach(reasonNode::put);
        var pointerNode = node.putArray("pointers");
        pointers.forEach(pointer ->
                pointerNode.addObject().put("pointer", pointer.pointer()).put("count", pointer.count()));
        node.put("pointersExact", pointersExact);
        var sampleNode = node.putArray("sampleEventIds");
        sampleEventIds.forEach(sampleNode::add);
        var relayNode = node.putArray("relays");
        relays.forEach(relayNode::add);
        return node;
    }
}
