package dev.waybill.routing;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a {@code proposed} contract version would have done with the live events of the version it shadows, since
 * {@link #since}: a snapshot of a {@link ShadowTally}. Holds counts, JSON pointers and event ids only, never a payload
 * value.
 *
 * @param contract the contract id
 * @param version the proposed version
 * @param shadowedVersion the version whose events it is checked against
 * @param since when the tally started: the catalog load that first shadowed this version (or changed its schema)
 * @param checked events of {@code shadowedVersion} checked against {@code version}
 * @param wouldPass of those, how many the proposed version would publish
 * @param wouldFail of those, how many it would dead-letter
 * @param alreadyRejected of {@code wouldFail}, how many the shadowed version dead-letters anyway
 * @param reasons {@code wouldFail} by dead-letter reason code, largest first
 * @param pointers the JSON pointers of the most frequent violations, largest first, each event counted once per
 *     pointer
 * @param pointersExact whether the pointer counts are exact; {@code false} once more distinct pointers were seen than
 *     the tally keeps, when the counts of the top ones are estimates that may be too high by at most the smallest
 * @param sampleEventIds ids of the latest events the proposed version would reject, newest last
 */
public record ShadowReport(
        String contract,
        String version,
        String shadowedVersion,
        Instant since,
        long checked,
        long wouldPass,
        long wouldFail,
        long alreadyRejected,
        Map<String, Long> reasons,
        List<PointerCount> pointers,
        boolean pointersExact,
        List<String> sampleEventIds) {

    /** How many events failed at one JSON pointer. */
    public record PointerCount(String pointer, long count) {}

    public ShadowReport {
        reasons = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(reasons));
        pointers = List.copyOf(pointers);
        sampleEventIds = List.copyOf(sampleEventIds);
    }

    /** The share of checked events the proposed version would reject, in percent; 0 when none was checked. */
    public double rejectPercent() {
        return checked == 0 ? 0 : 100.0 * wouldFail / checked;
    }
}
