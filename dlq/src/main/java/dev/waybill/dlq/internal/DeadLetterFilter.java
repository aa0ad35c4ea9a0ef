package dev.waybill.dlq.internal;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which dead letters a command works on; every part is optional and all given parts must match. Times compare with
 * {@link DeadLetter#deadLetteredAt()}: {@code since} inclusive, {@code until} exclusive.
 */
public record DeadLetterFilter(
        Optional<String> contract,
        Optional<String> version,
        Optional<String> reason,
        Optional<Instant> since,
        Optional<Instant> until,
        Set<String> ids) {

    public DeadLetterFilter {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        ids = Set.copyOf(new TreeSet<>(ids));
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean matches(DeadLetter letter) {
        if (contract.isPresent() && !contract.get().equals(letter.contract())) {
            return false;
        }
        if (version.isPresent() && !version.get().equals(letter.version())) {
            return false;
        }
        if (reason.isPresent() && !reason.get().equals(letter.reason())) {
            return false;
        }
        if (!ids.isEmpty() && !ids.contains(letter.id())) {
            return false;
        }
        Instant at = letter.deadLetteredAt();
        return since.map(bound -> !at.isBefore(bound)).orElse(true)
                && until.map(at::isBefore).orElse(true);
    }

    /** Builds a {@link DeadLetterFilter}; every part defaults to "any". */
    public static final class Builder {
        private String contract;
        private String version;
        private String reason;
        private Instant since;
        private Instant until;
        private Set<String> ids = Set.of();

        private Builder() {}

        public Builder contract(String contract) {
            this.contract = contract;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder since(Instant since) {
            this.since = since;
            return this;
        }

        public Builder until(Instant until) {
            this.until = until;
            return this;
        }

        public Builder ids(Set<String> ids) {
            this.ids = ids == null ? Set.of() : ids;
            return this;
        }

        public DeadLetterFilter build() {
            return new DeadLetterFilter(
                    Optional.ofNullable(contract),
                    Optional.ofNullable(version),
                    Optional.ofNullable(reason),
                    Optional.ofNullable(since),
                    Optional.ofNullable(until),
                    ids);
        }
    }
}
