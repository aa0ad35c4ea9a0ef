package dev.waybill.dlq.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waybill.outbox.WaybillException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeBoundTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    @Test
    void anInstantOrADurationBeforeNow() {
        assertThat(TimeBound.parse("--since", "2026-11-30T08:00:00Z", NOW))
                .isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
        assertThat(TimeBound.parse("--since", "24h", NOW)).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
        assertThat(TimeBound.parse("--since", "90m", NOW)).isEqualTo(Instant.parse("2026-12-01T10:30:00Z"));
        assertThat(TimeBound.parse("--since", "7d", NOW)).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));
        assertThat(TimeBound.parse("--since", "PT2H", NOW)).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    }

    @Test
    void anythingElseNamesTheFlagAndTheForms() {
        assertThatThrownBy(() -> TimeBound.parse("--until", "yesterday", NOW))
                .isInstanceOf(WaybillException.class)
                .hasMessage("--until 'yesterday' is neither an ISO-8601 instant (2026-12-01T08:00:00Z) nor a duration"
                        + " before now (24h, 90m, 7d, PT2H)");
        assertThatThrownBy(() -> TimeBound.duration("--timeout", "0s"))
                .hasMessageStartingWith("--timeout '0s' is not a positive duration");
        assertThat(TimeBound.duration("--timeout", "500ms")).isEqualTo(Duration.ofMillis(500));
    }
}
