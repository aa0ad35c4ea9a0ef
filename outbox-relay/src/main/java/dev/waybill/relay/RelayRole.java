package dev.waybill.relay;

import java.util.Locale;

/** What a relay does among the relays of one stream ({@code relay.name}): exactly one is active. */
public enum RelayRole {
    /** Captures from the replication slot and publishes. */
    ACTIVE,
    /** Waits to take over when the active relay stops; publishes nothing. */
    STANDBY;

    /** {@code active} or {@code standby}, as the role endpoint and the logs say it. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
