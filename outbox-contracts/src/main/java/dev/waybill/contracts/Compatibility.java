package dev.waybill.contracts;

import java.util.Optional;

/** How versions of one contract within a compatibility group (by default, one major version) must relate. */
public enum Compatibility {
    /** Each version is compatible both ways with every earlier version of its group (the default). */
    FULL_TRANSITIVE,
    /** Each version is compatible both ways with the version just before it. */
    FULL,
    /** No schema checks between versions. Only for contracts whose consumers are all known and redeployed. */
    NONE;

    public static Optional<Compatibility> parse(String value) {
        for (Compatibility compatibility : values()) {
            if (compatibility.name().equals(value)) {
                return Optional.of(compatibility);
            }
        }
        return Optional.empty();
    }
}
