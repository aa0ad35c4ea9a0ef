package dev.waybill.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The sections' figures, derived from the data they record: stable keys, the recorded values, ratios per round. */
class SectionFiguresTest {

    private static Map<String, Figure> byKey(List<Figure> figures) {
        return figures.stream().collect(Collectors.toMap(Figure::key, Function.identity()));
    }

    @Test
    void relayThroughputRatiosAreTheRecordedOnesWithTheRatioOfEachRound() {
        Map<String, Object> data = Map.of(
                "eventsPerSecond",
                Map.of("decoding", 100, "plainDebezium", 50, "relay", 40, "decodingMessages", 160, "relayMessages", 60),
                "roundsEventsPerSecond",
                Map.of(
                        "decoding", List.of(100, 100),
                        "plainDebezium", List.of(50, 40),
                        "relay", List.of(40, 40),
                        "decodingMessages", List.of(160, 160),
                        "relayMessages", List.of(60, 80)),
                "relayToPlainDebezium",
                0.8,
                "relayToDecoding",
                0.4,
                "relayMessagesToPlainDebezium",
                1.2,
                "relayMessagesToDecoding",
                0.6,
                "relayMessagesToDecodingMessages",
                0.375);

        Map<String, Figure> figures = byKey(new RelayThroughputSection().figures(data));

        Figure rows = figures.get("relay-throughput.rows-to-plain-debezium");
        assertThat(rows.value()).isEqualTo(0.8);
        assertThat(rows.rounds()).containsExactly(0.8, 1.0);
        assertThat(rows.goal()).isEqualTo(new Figure.Goal(">=", 1.0));
        assertThat(figures.get("relay-throughput.messages-to-plain-debezium").goal())
                .isEqualTo(new Figure.Goal(">=", 1.5));
        assertThat(figures.get("relay-throughput.rows-to-decoding").goal()).isEqualTo(new Figure.Goal(">=", 0.6));
        Figure messages = figures.get("relay-throughput.messages-to-decoding");
        assertThat(messages.goal()).isEqualTo(new Figure.Goal(">=", 0.8));
        assertThat(messages.rounds()).containsExactly(0.6, 0.8);
        assertThat(figures.get("relay-throughput.messages-to-decoding-messages").rounds())
                .containsExactly(0.375, 0.5);
        assertThat(figures.get("relay-throughput.relay-rows").value()).isEqualTo(40);
        assertThat(figures.get("relay-throughput.relay-rows").unit()).isEqualTo("events/s");
    }

    @Test
    void theWriteFloorGoalNeedsASelectOneVariantOfTheSameApi() {
        Map<String, Object> jdbc = Map.of(
                "api",
                "jdbc",
                "writers",
                4,
                "variants",
                Map.of(
                        "alone", Map.of("tps", 100, "ratio", 1.0, "roundsTps", List.of(100, 100)),
                        "message", Map.of("tps", 76, "ratio", 0.76, "roundsTps", List.of(76, 70)),
                        "select-1", Map.of("tps", 80, "ratio", 0.8, "roundsTps", List.of(80, 70))));
        Map<String, Object> jpa = Map.of(
                "api",
                "jpa",
                "writers",
                1,
                "variants",
                Map.of(
                        "alone", Map.of("tps", 100, "ratio", 1.0, "roundsTps", List.of(100)),
                        "message", Map.of("tps", 70, "ratio", 0.7, "roundsTps", List.of(70))));

        Map<String, Figure> figures = byKey(new WriteSection().figures(Map.of("rows", List.of(jdbc, jpa))));

        Figure floor = figures.get("write.jdbc.4-writers.message-to-select-1");
        assertThat(floor.value()).isEqualTo(0.95);
        assertThat(floor.rounds()).containsExactly(0.95, 1.0);
        assertThat(floor.goal()).isEqualTo(new Figure.Goal(">=", 0.95));
        assertThat(floor.met()).isTrue();
        assertThat(figures.get("write.jdbc.4-writers.select-1-to-alone").value())
                .isEqualTo(0.8);
        assertThat(figures.get("write.jpa.1-writer.message-to-alone").rounds()).containsExactly(0.7);
        assertThat(figures).doesNotContainKey("write.jpa.1-writer.message-to-select-1");
    }

    @Test
    void latencyWithoutRoundsOrAchievedRateGivesItsPercentilesWithNoRounds() {
        Map<String, Object> data = Map.of(
                "rows",
                List.of(Map.of(
                        "eventsPerSecond", 2000,
                        "samples", 40001,
                        "p50Millis", 7.5,
                        "p99Millis", 15.8,
                        "p999Millis", 27.0,
                        "maxMillis", 34.4)));

        Map<String, Figure> figures = byKey(new LatencySection().figures(data));

        assertThat(figures).containsOnlyKeys("latency.p50-at-2000", "latency.p99-at-2000", "latency.p999-at-2000");
        assertThat(figures.get("latency.p99-at-2000").goal()).isEqualTo(new Figure.Goal("<", 25));
        assertThat(figures.get("latency.p99-at-2000").rounds()).isEmpty();
        assertThat(figures.get("latency.p999-at-2000").goal()).isNull();
    }

    @Test
    void latencyAtTenThousandSaysWhenTheWritersFellShortOfTheRate() {
        Map<String, Object> row = Map.ofEntries(
                Map.entry("eventsPerSecond", 10000),
                Map.entry("achievedEventsPerSecond", 8100),
                Map.entry("writers", 8),
                Map.entry("eventsPerTransaction", 5),
                Map.entry("samples", 242000),
                Map.entry("unread", 1000),
                Map.entry("p50Millis", 9.0),
                Map.entry("p99Millis", 40.0),
                Map.entry("p999Millis", 60.0),
                Map.entry("maxMillis", 70.0),
                Map.entry("roundsAchievedEventsPerSecond", List.of(8000.0, 8100.0, 8200.0)),
                Map.entry("roundsP50Millis", List.of(9.0, 9.1, 8.9)),
                Map.entry("roundsP99Millis", List.of(38.0, 40.0, 42.0)),
                Map.entry("roundsP999Millis", List.of(55.0, 60.0, 65.0)));

        Map<String, Figure> figures = byKey(new LatencySection().figures(Map.of("rows", List.of(row))));

        assertThat(figures.get("latency.p99-at-10000").rounds()).containsExactly(38.0, 40.0, 42.0);
        assertThat(figures.get("latency.p99-at-10000").label())
                .contains("achieved 8,100/s", "1,000 events not read within 30 s: lower bounds");
        assertThat(new LatencySection().markdown(Map.of("rows", List.of(row), "rounds", 3, "measuredSeconds", 30)))
                .contains("| 10,000 | 8,100 | 8 x 5 | 242,000, **1,000 not read within 30 s** (counted as lower "
                        + "bounds) | 9.0 | 40.0 | 60.0 | 70.0 |");
        assertThat(figures.get("latency.p999-at-10000").readme()).isTrue();
        Figure achieved = figures.get("latency.achieved-rate-at-10000");
        assertThat(achieved.goal()).isEqualTo(new Figure.Goal(">=", 9500));
        assertThat(achieved.met()).isFalse();
    }

    @Test
    void todaysBenchmarksJsonGivesAFigureForEveryGoalOfIssue17ThatHasData() throws IOException {
        Map<String, Map<String, Object>> all = BenchmarkReport.sections(Path.of("../docs/benchmarks.json"));

        Map<String, Figure> figures = byKey(BenchmarkReport.figures(all));

        assertThat(figures)
                .containsKeys(
                        "relay-throughput.rows-to-plain-debezium",
                        "relay-throughput.messages-to-plain-debezium",
                        "relay-throughput.rows-to-decoding",
                        "relay-throughput.messages-to-decoding",
                        "latency.p50-at-2000",
                        "latency.p99-at-2000",
                        "latency.p999-at-2000",
                        "write.jdbc.1-writer.message-to-select-1",
                        "write.jdbc.4-writers.message-to-select-1",
                        "write.jdbc.16-writers.message-to-select-1",
                        "write.jpa.1-writer.message-to-select-1",
                        "footprint.start-to-streaming",
                        "cold-start.catch-up-relay-to-plain-debezium",
                        "cold-start.relay-start-to-streaming");
        assertThat(figures.get("relay-throughput.rows-to-plain-debezium").rounds())
                .hasSize(5);
        assertThat(figures.get("footprint.start-to-streaming").rounds()).isEmpty();
        for (Section section : List.of(new ValidationSection(), new TakeoverSection(), new RetentionSection())) {
            assertThat(section.figures(all.get(section.key())))
                    .as(section.key())
                    .isNotEmpty();
        }
    }

    @Test
    void coldStartComparesTheRelayWithPlainDebeziumRoundByRound() {
        Map<String, Object> data = Map.of(
                "backlog", 100_000,
                "eventsPerSecondUnderLoad", 500,
                "soonMillis", 250,
                "rounds", 2,
                "heapCap", "128 MB",
                "relay",
                        Map.of(
                                "backlogEventsPerSecond", List.of(4_000, 6_000),
                                "backlogStartToFirstRecordMillis", List.of(5_000, 4_000),
                                "loadStartToStreamingMillis", List.of(7_000, 6_000),
                                "loadStartToReadyMillis", List.of(3_000, 3_500)),
                "plainDebezium",
                        Map.of(
                                "backlogEventsPerSecond", List.of(5_000, 6_000),
                                "loadStartToStreamingMillis", List.of(6_000, 5_000)));

        Map<String, Figure> figures = byKey(new ColdStartSection().figures(data));

        Figure catchUp = figures.get("cold-start.catch-up-relay-to-plain-debezium");
        assertThat(catchUp.value()).isEqualTo(0.909);
        assertThat(catchUp.rounds()).containsExactly(0.8, 1.0);
        assertThat(catchUp.goal()).isNull();
        assertThat(catchUp.readme()).isTrue();
        Figure streaming = figures.get("cold-start.relay-start-to-streaming");
        assertThat(streaming.value()).isEqualTo(6_500);
        assertThat(streaming.rounds()).containsExactly(7_000.0, 6_000.0);
        assertThat(figures.get("cold-start.plain-debezium-start-to-streaming").value())
                .isEqualTo(5_500);
        assertThat(new ColdStartSection().figures(Map.of())).isEmpty();
        assertThat(new ColdStartSection().markdown(data))
                .contains("| relay (distribution) | 5,000 (4,000, 6,000) | 4,500 ms (5,000, 4,000) | - |");
    }
}
