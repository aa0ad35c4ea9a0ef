package dev.waybill.dlq.internal;

import static dev.waybill.dlq.internal.Letters.letter;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeadLetterSummaryTest {

    @Test
    void groupsByContractVersionReasonPointerAndHourWithFirstAndLast() {
        DeadLetterSummary summary = new DeadLetterSummary();
        summary.add(letter(7, "a", "shop.order", "1.2.0", "unknown-version", "", "2026-12-01T10:45:00Z"));
        summary.add(letter(3, "b", "shop.order", "1.2.0", "unknown-version", "", "2026-12-01T10:05:00Z"));
        summary.add(letter(9, "c", "shop.order", "1.2.0", "unknown-version", "", "2026-12-01T11:01:00Z"));
        summary.add(letter(4, "d", "shop.order", "1.0.0", "contract-violation", "/total", "2026-12-01T10:10:00Z"));
        summary.add(letter(5, "e", "shop.order", "1.0.0", "contract-violation", "/orderId", "2026-12-01T10:11:00Z"));
        summary.add(letter(6, "f", "shop.order", "1.0.0", "contract-violation", "/total", "2026-12-01T10:12:00Z"));

        assertThat(summary.total()).isEqualTo(6);
        assertThat(summary.groups())
                .extracting(group -> group.hour() + " " + group.version() + " " + group.reason() + " " + group.pointer()
                        + " " + group.count() + " " + group.first() + " " + group.last())
                .containsExactly(
                        "2026-12-01T10:00:00Z 1.0.0 contract-violation /orderId 1 waybill.dead-letter:0:5"
                                + " waybill.dead-letter:0:5",
                        "2026-12-01T10:00:00Z 1.0.0 contract-violation /total 2 waybill.dead-letter:0:4"
                                + " waybill.dead-letter:0:6",
                        "2026-12-01T10:00:00Z 1.2.0 unknown-version  2 waybill.dead-letter:0:3"
                                + " waybill.dead-letter:0:7",
                        "2026-12-01T11:00:00Z 1.2.0 unknown-version  1 waybill.dead-letter:0:9"
                                + " waybill.dead-letter:0:9");
    }

    @Test
    void recordsWithoutTheRelaysHeadersAreGroupedByTheirTimestampAndEmptyNames() {
        DeadLetterSummary summary = new DeadLetterSummary();
        summary.add(letter(1, null, null, null, null, null, null));
        summary.add(letter(2, null, null, null, null, null, "not a time"));

        assertThat(summary.groups()).singleElement().satisfies(group -> {
            assertThat(group.hour()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));
            assertThat(group.contract()).isEmpty();
            assertThat(group.reason()).isEmpty();
            assertThat(group.count()).isEqualTo(2);
        });
    }
}
