package dev.waybill.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A figure's goal, spread and JSON object, and how the tables show them. */
class FigureTest {

    private final Figure p99 = Figure.of("latency.p99-at-2000", "p99", 15.8, "ms", List.of(16.0, 14.0, 18.0))
            .goal("<", 25);

    @Test
    void aGoalIsMetOrNotAndAComparisonHasNone() {
        assertThat(p99.met()).isTrue();
        assertThat(Figure.of("a.b", "ratio", 0.83, "ratio", List.of())
                        .goal(">=", 1.0)
                        .met())
                .isFalse();
        assertThat(Figure.of("a.b", "ratio", 1.0, "ratio", List.of())
                        .goal(">=", 1.0)
                        .met())
                .isTrue();
        Figure comparison = Figure.of("a.b", "ratio", 1.21, "ratio", List.of());
        assertThat(comparison.met()).isNull();
        assertThat(comparison.readme()).isFalse();
        assertThat(comparison.inReadme().readme()).isTrue();
        assertThatThrownBy(() -> comparison.goal("=", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSpreadIsTheRangeOfTheRoundsOverTheirMedian() {
        Figure.Spread spread = p99.spread();

        assertThat(spread.min()).isEqualTo(14.0);
        assertThat(spread.max()).isEqualTo(18.0);
        assertThat(spread.relative()).isEqualTo(0.25); // (18 - 14) / 16
        assertThat(Figure.of("a.b", "x", 1, "ratio", List.of()).spread()).isNull();
    }

    @Test
    void theJsonObjectHasValueUnitGoalMetRoundsAndSpread() {
        Map<String, Object> json = p99.json("2026-12-01T17:00:00Z");

        assertThat(json)
                .containsEntry("value", 15.8)
                .containsEntry("unit", "ms")
                .containsEntry("goal", Map.of("comparison", "<", "threshold", 25.0))
                .containsEntry("met", true)
                .containsEntry("rounds", List.of(16.0, 14.0, 18.0))
                .containsEntry("spread", Map.of("min", 14.0, "max", 18.0, "relative", 0.25))
                .containsEntry("measuredAt", "2026-12-01T17:00:00Z");
        Map<String, Object> noRounds =
                Figure.of("a.b", "x", 2539, "ms", List.of()).json("t");
        assertThat(noRounds).containsEntry("rounds", List.of()).containsEntry("goal", null);
        assertThat(noRounds.get("spread")).isNull();
        assertThat(noRounds.get("met")).isNull();
    }

    @Test
    void valuesAreShownInTheirUnit() {
        assertThat(Figure.of("a.b", "x", 0.8342, "ratio", List.of()).formatted())
                .isEqualTo("0.83");
        assertThat(Figure.of("a.b", "x", 15.84, "ms", List.of()).formatted()).isEqualTo("15.8 ms");
        assertThat(Figure.of("a.b", "x", 2539, "ms", List.of()).formatted()).isEqualTo("2,539 ms");
        assertThat(Figure.of("a.b", "x", 43020, "events/s", List.of()).formatted())
                .isEqualTo("43,020 events/s");
    }

    @Test
    void theTablesShowTheGoalWhetherItIsMetAndTheSpread() {
        Figure notMet = Figure.of(
                        "relay-throughput.rows-to-plain-debezium",
                        "rows / plain",
                        0.834,
                        "ratio",
                        List.of(0.82, 0.81, 0.78, 0.87, 0.91))
                .goal(">=", 1.0);
        Figure comparison = Figure.of("connect.rows-connect-to-relay", "Connect / relay", 1.21, "ratio", List.of());
        Figure hidden = Figure.of("write.jdbc.1-writer.table-to-alone", "table / alone", 0.56, "ratio", List.of());

        String readme = FigureTable.readme(List.of(p99, notMet, comparison.inReadme(), hidden));

        assertThat(readme)
                .contains("| p99 | 15.8 ms | 14.0 ms - 18.0 ms, 3 rounds (25%) | < 25.0 ms: met |")
                .contains("| rows / plain | 0.83 | 0.78 - 0.91, 5 rounds (16%) | >= 1.00: **not met** |")
                .contains("| Connect / relay | 1.21 | one figure per run | none: a comparison |")
                .doesNotContain("table / alone");
        assertThat(FigureTable.section(List.of(p99, hidden)))
                .contains(
                        "| `latency.p99-at-2000` | p99 | 15.8 ms | < 25.0 ms: met | 14.0 ms - 18.0 ms, 3 rounds | 25% |")
                .contains("| `write.jdbc.1-writer.table-to-alone` | table / alone | 0.56 | none: a comparison "
                        + "| no rounds kept |  |");
        assertThat(FigureTable.section(List.of())).isEmpty();
    }
}
