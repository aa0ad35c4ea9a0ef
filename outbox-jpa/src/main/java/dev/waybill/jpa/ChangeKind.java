package dev.waybill.jpa;

import java.util.Locale;

/** Which entity changes write an event. */
public enum ChangeKind {
    INSERT("created"),
    UPDATE("updated"),
    DELETE("deleted");

    private final String pastTense;

    ChangeKind(String pastTense) {
        this.pastTense = pastTense;
    }

    /** {@code created}, {@code updated} or {@code deleted}: the suffix of the default event type. */
    public String pastTense() {
        return pastTense;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
