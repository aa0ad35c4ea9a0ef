package dev.waybill.dlq.internal;

import static dev.waybill.dlq.internal.Letters.letter;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeadLetterFilterTest {

    private static final DeadLetter LETTER =
            letter(1, "id-1", "shop.order", "1.2.0", "unknown-version", "", "2026-12-01T10:00:00Z");

    @Test
    void anEmptyFilterMatchesEverything() {
        assertThat(DeadLetterFilter.builder().build().matches(LETTER)).isTrue();
        assertThat(DeadLetterFilter.builder().build().matches(letter(2, null, null, null, null, null, null)))
                .isTrue();
    }

    @Test
    void everyGivenPartMustMatch() {
        DeadLetterFilter filter = DeadLetterFilter.builder()
                .contract("shop.order")
                .version("1.2.0")
                .reason("unknown-version")
                .ids(Set.of("id-1", "id-9"))
                .build();
        assertThat(filter.matches(LETTER)).isTrue();
        assertThat(DeadLetterFilter.builder().version("1.0.0").build().matches(LETTER))
                .isFalse();
        assertThat(DeadLetterFilter.builder().contract("shop.other").build().matches(LETTER))
                .isFalse();
        assertThat(DeadLetterFilter.builder()
                        .reason("contract-violation")
                        .build()
                        .matches(LETTER))
                .isFalse();
        assertThat(DeadLetterFilter.builder().ids(Set.of("id-2")).build().matches(LETTER))
                .isFalse();
    }

    @Test
    void sinceIsInclusiveAndUntilExclusive() {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        assertThat(DeadLetterFilter.builder().since(at).build().matches(LETTER)).isTrue();
        assertThat(DeadLetterFilter.builder().until(at).build().matches(LETTER)).isFalse();
        assertThat(DeadLetterFilter.builder().until(at.plusMillis(1)).build().matches(LETTER))
                .isTrue();
        assertThat(DeadLetterFilter.builder().since(at.plusMillis(1)).build().matches(LETTER))
                .isFalse();
    }
}
