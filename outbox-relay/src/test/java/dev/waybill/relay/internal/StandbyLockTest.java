package dev.waybill.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StandbyLockTest {

    @Test
    void everyRelayOfOneSlotDerivesTheSameKeyAndOtherSlotsAnother() {
        assertThat(StandbyLock.key("waybill_orders")).isEqualTo(StandbyLock.key("waybill_orders"));
        assertThat(StandbyLock.key("waybill_orders")).isNotEqualTo(StandbyLock.key("waybill_payments"));
    }

    @Test
    void keyIsPinnedSoRelaysOfDifferentVersionsShareTheLockDuringARollout() {
        // The first 8 bytes of SHA-256("waybill-relay:waybill_orders"): changing the derivation would let an old and
        // a new relay both be active during an upgrade.
        assertThat(String.format("%016x", StandbyLock.key("waybill_orders"))).isEqualTo("1dcc51380eda173e");
    }
}
