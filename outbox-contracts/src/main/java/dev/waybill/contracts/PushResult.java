package dev.waybill.contracts;

import java.util.List;

/**
 * What a push did, or would have done: a push is all or nothing, so when any version is refused or any
 * compatibility problem is found, nothing is written and {@link #ok()} is false.
 */
public record PushResult(List<Outcome> outcomes, List<CompatibilityProblem> compatibilityProblems) {

    public PushResult {
        outcomes = List.copyOf(outcomes);
        compatibilityProblems = List.copyOf(compatibilityProblems);
    }

    /** What happened to one version. */
    public enum Kind {
        /** A new version, now registered. */
        REGISTERED,
        /** Already registered with the same content and status. */
        UNCHANGED,
        /** Already registered with the same content; its status moved forward. */
        STATUS_CHANGED,
        /** Refused: the message says why. */
        REFUSED
    }

    public record Outcome(String contractId, String version, Kind kind, String message) {}

    public boolean ok() {
        return compatibilityProblems.isEmpty() && outcomes.stream().noneMatch(o -> o.kind() == Kind.REFUSED);
    }
}
