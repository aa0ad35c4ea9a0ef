package dev.waybill.contracts;

import java.util.Locale;
import java.util.Optional;

/** The lifecycle of a contract version, as ODCS names it. */
public enum ContractStatus {
    /** Under discussion; not accepted in production, but checked in shadow of the version it would replace. */
    PROPOSED,
    /** Being written; not accepted in production. */
    DRAFT,
    /** In force: events are validated and published. */
    ACTIVE,
    /** Still published, and counted, so producers can be found and moved to a newer version. */
    DEPRECATED,
    /** No longer accepted: events naming it are dead-lettered. */
    RETIRED;

    /** The lower-case name used in contract files. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ContractStatus> parse(String value) {
        for (ContractStatus status : values()) {
            if (status.value().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    /** Whether events of a version in this status are published in production. */
    public boolean acceptedInProduction() {
        return this == ACTIVE || this == DEPRECATED;
    }

    /** Whether a registered version may move from this status to {@code next}: only forward, never back. */
    public boolean canBecome(ContractStatus next) {
        return next.ordinal() >= ordinal() || (this == PROPOSED && next == DRAFT);
    }
}
