package dev.waybill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Relays' shadow reports summed, and the line people read. */
class ShadowSummaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ShadowSummary report(String json) throws Exception {
        return ShadowSummary.read(JSON.readTree(json));
    }

    @Test
    void theRelaysOfAStreamAreSummedAndTheLineSaysWhatAReviewerNeeds() throws Exception {
        ShadowSummary active = report("""
                {"contract":"orders.order-placed","version":"1.2.0","shadowedVersion":"1.1.0",
                 "since":"2026-12-01T09:00:00.123456Z","checked":900,"wouldPass":872,"wouldFail":28,
                 "alreadyRejected":2,"reasons":{"contract-violation":27,"malformed-payload":1},
                 "pointers":[{"pointer":"/items/0/sku","count":26},{"pointer":"","count":1}],
                 "pointersExact":true,"sampleEventIds":["a","b"],"relay":"orders"}""");
        ShadowSummary formerlyActive = report("""
                {"contract":"orders.order-placed","version":"1.2.0","shadowedVersion":"1.1.0",
                 "since":"2026-12-01T08:00:00Z","checked":100,"wouldPass":96,"wouldFail":4,
                 "alreadyRejected":0,"reasons":{"contract-violation":4},
                 "pointers":[{"pointer":"/items/0/sku","count":4}],
                 "pointersExact":false,"sampleEventIds":["c"],"relay":"orders"}""");

        ShadowSummary sum = active.plus(formerlyActive);

        assertThat(sum.checked()).isEqualTo(1_000);
        assertThat(sum.wouldFail()).isEqualTo(32);
        assertThat(sum.rejectPercent()).isEqualTo(3.2);
        assertThat(sum.pointersExact()).isFalse();
        assertThat(sum.relays()).containsExactly("orders", "orders");
        assertThat(sum.sampleEventIds()).containsExactly("a", "b", "c");
        assertThat(sum.line())
                .isEqualTo("orders.order-placed 1.2.0 (proposed, in shadow of 1.1.0) since 2026-12-01T08:00:00Z: "
                        + "1,000 events checked, would reject 32 (3.2%, 2 of them rejected by 1.1.0 too); "
                        + "contract-violation 31; malformed-payload 1; /items/0/sku 30; (payload) 1");
        assertThat(sum.json().path("rejectPercent").asDouble()).isEqualTo(3.2);
        assertThat(sum.json().path("pointers").get(0).path("count").asLong()).isEqualTo(30);
    }

    @Test
    void nothingCheckedYetIsZeroPercent() throws Exception {
        ShadowSummary empty = report("""
                {"contract":"c","version":"1.1.0","shadowedVersion":"1.0.0","since":"2026-12-01T08:00:00Z",
                 "checked":0,"wouldPass":0,"wouldFail":0,"alreadyRejected":0,"reasons":{},"pointers":[],
                 "pointersExact":true,"sampleEventIds":[],"relay":"r"}""");

        assertThat(empty.rejectPercent()).isZero();
        assertThat(empty.line())
                .isEqualTo("c 1.1.0 (proposed, in shadow of 1.0.0) since 2026-12-01T08:00:00Z: 0 events checked, "
                        + "would reject 0 (0.0%)");
    }
}
