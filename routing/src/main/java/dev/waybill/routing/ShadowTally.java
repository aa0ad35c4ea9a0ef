package dev.waybill.routing;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.ContractViolation;
import dev.waybill.contracts.DataContract;
import dev.waybill.contracts.DeadLetterReason;
import dev.waybill.contracts.ShadowResult;
import dev.waybill.contracts.ValidationResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts, per {@code proposed} contract version, what it would have done with the live events of the version it
 * shadows: events checked, would pass, would fail, failures by reason and by JSON pointer, and a few event ids of
 * failures. Thread-safe; a passing event costs a map lookup and two additions. Memory is bounded whatever the events
 * hold: {@value #POINTERS_KEPT} pointers (the most frequent, {@link TopCounts}), {@value #SAMPLE_IDS} ids, and one
 * tally per proposed version of the catalog.
 *
 * <p>Which versions are tallied follows the catalog: call {@link #track} with each catalog loaded. A proposed version
 * that became active or was removed is no longer shadowed, and its tally is dropped (its figures were what a review
 * needed before the decision); one whose schema changed starts a new tally. Checks of versions not tracked (a batch
 * routed with the previous catalog) are ignored.
 *
 * <pre>{@code
 * ShadowTally shadows = new ShadowTally();
 * shadows.track(contracts.current());                          // and again after each reload
 * EventRouter router = EventRouter.builder().shadows(shadows)...build();
 * shadows.report("orders.order-placed", "1.2.0");
 * }</pre>
 */
public final class ShadowTally implements ShadowListener {

    /** How many distinct JSON pointers a tally keeps counts for. */
    public static final int POINTERS_KEPT = 64;
    /** How many pointers a report lists. */
    public static final int POINTERS_REPORTED = 10;
    /** How many ids of rejected events a tally keeps. */
    public static final int SAMPLE_IDS = 5;
    // A property name can be as long as a hostile producer likes; a pointer is for reading, not for storing that.
    private static final int POINTER_LENGTH = 200;

    private record Key(String contract, String version) {}

    private final Clock clock;
    private volatile Map<Key, Tally> tallies = Map.of();

    public ShadowTally() {
        this(Clock.systemUTC());
    }

    /** @param clock when tallies start ({@link ShadowReport#since}) */
    public ShadowTally(Clock clock) {
        this.clock = clock;
    }

    /** Tallies the proposed versions {@code catalog} shadows, from now on; see the class description. */
    public synchronized void track(ContractCatalog catalog) {
        Map<Key, Tally> next = new HashMap<>();
        for (DataContract proposed : catalog.shadowed()) {
            DataContract shadowed = catalog.shadowedBy(proposed).orElseThrow();
            Key key = new Key(proposed.id(), proposed.version().toString());
            Tally kept = tallies.get(key);
            next.put(
                    key,
                    kept != null && kept.sameAs(proposed, shadowed)
                            ? kept
                            : new Tally(proposed, shadowed, Instant.now(clock)));
        }
        tallies = Map.copyOf(next);
    }

    @Override
    public void checked(CapturedEvent event, ShadowResult result) {
        record(event, result);
    }

    /** Counts one check, and says whether it was counted ({@code false}: its version is not tracked). */
    public boolean record(CapturedEvent event, ShadowResult result) {
        DataContract proposed = result.proposed();
        Tally tally = tallies.get(new Key(proposed.id(), proposed.version().toString()));
        if (tally == null || !tally.proposed.payloadSchema().equals(proposed.payloadSchema())) {
            return false;
        }
        tally.add(event.id(), result);
        return true;
    }

    /** Every tally, by contract and version. */
    public List<ShadowReport> reports() {
        return tallies.values().stream()
                .sorted(Comparator.comparing((Tally tally) -> tally.proposed.id())
                        .thenComparing(tally -> tally.proposed.version()))
                .map(Tally::report)
                .toList();
    }

    /** The tally of one proposed version; empty when it is not shadowed. */
    public Optional<ShadowReport> report(String contract, String version) {
        return Optional.ofNullable(tallies.get(new Key(contract, version))).map(Tally::report);
    }

    private static final class Tally {
        private static final DeadLetterReason[] REASONS = DeadLetterReason.values();

        private final DataContract proposed;
        private final DataContract shadowed;
        private final Instant since;
        private final LongAdder checked = new LongAdder();
        private final LongAdder wouldFail = new LongAdder();
        private final LongAdder alreadyRejected = new LongAdder();
        private final AtomicLongArray reasons = new AtomicLongArray(REASONS.length);
        private final TopCounts pointers = new TopCounts(POINTERS_KEPT);
        private final ArrayDeque<String> samples = new ArrayDeque<>(SAMPLE_IDS);

        Tally(DataContract proposed, DataContract shadowed, Instant since) {
            this.proposed = proposed;
            this.shadowed = shadowed;
            this.since = since;
        }

        boolean sameAs(DataContract otherProposed, DataContract otherShadowed) {
            return proposed.payloadSchema().equals(otherProposed.payloadSchema())
                    && shadowed.version().equals(otherShadowed.version());
        }

        void add(String eventId, ShadowResult result) {
            checked.increment();
            if (!(result.result() instanceof ValidationResult.Rejected rejected)) {
                return;
            }
            wouldFail.increment();
            if (!result.shadowedAccepts()) {
                alreadyRejected.increment();
            }
            reasons.incrementAndGet(rejected.reason().ordinal());
            if (rejected instanceof ValidationResult.Invalid invalid) {
                Set<String> distinct = new LinkedHashSet<>();
                for (ContractViolation violation : invalid.violations()) {
                    String pointer = violation.pointer();
                    distinct.add(pointer.length() > POINTER_LENGTH ? pointer.substring(0, POINTER_LENGTH) : pointer);
                }
                distinct.forEach(pointers::add);
            }
            synchronized (samples) {
                if (samples.size() == SAMPLE_IDS) {
                    samples.removeFirst();
                }
                samples.addLast(String.valueOf(eventId));
            }
        }

        ShadowReport report() {
            // Read the failures before the checks: a report taken during routing never shows more failures than
            // checks.
            long failed = wouldFail.sum();
            long already = alreadyRejected.sum();
            Map<String, Long> byReason = new LinkedHashMap<>();
            List<DeadLetterReason> order = new ArrayList<>(List.of(REASONS));
            order.sort(Comparator.comparingLong((DeadLetterReason reason) -> reasons.get(reason.ordinal()))
                    .reversed());
            for (DeadLetterReason reason : order) {
                long count = reasons.get(reason.ordinal());
                if (count > 0) {
                    byReason.put(reason.code(), count);
                }
            }
            List<String> ids;
            synchronized (samples) {
                ids = List.copyOf(samples);
            }
            long total = Math.max(checked.sum(), failed);
            return new ShadowReport(
                    proposed.id(),
                    proposed.version().toString(),
                    shadowed.version().toString(),
                    since,
                    total,
                    total - failed,
                    failed,
                    already,
                    byReason,
                    pointers.top(POINTERS_REPORTED),
                    pointers.exact(),
                    ids);
        }
    }
}
