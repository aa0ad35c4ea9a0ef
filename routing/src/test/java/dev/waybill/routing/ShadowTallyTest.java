package dev.waybill.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.ContractDirectory;
import dev.waybill.outbox.OutboxColumn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shadow tally through the router: counts, reasons, pointers, samples, its bounds, and catalog reloads. */
class ShadowTallyTest {

    private static final String ID = "orders.placed";
    private static final Instant SINCE = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;

    private final ShadowTally tally = new ShadowTally(Clock.fixed(SINCE, ZoneOffset.UTC));
    private EventRouter router;
    private ContractCatalog catalog;

    @BeforeEach
    void contracts() throws IOException {
        write("1.1.0", "active", "\"email\": {\"type\": \"string\"}, \"items\": {\"type\": \"array\"}");
        // 1.2.0 drops email and requires every item to have a sku
        write(
                "1.2.0",
                "proposed",
                "\"items\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"required\": [\"sku\"]}}");
        catalog = ContractDirectory.at(dir).load();
        tally.track(catalog);
        router = EventRouter.builder()
                .catalog(() -> catalog)
                .source("/test")
                .instance("test-1")
                .shadows(tally)
                .build();
    }

    private void write(String version, String status, String properties) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(ID));
        Files.writeString(
                folder.resolve(version + ".odcs.yaml"),
                """
                apiVersion: v3.1.0
                kind: DataContract
                id: %s
                version: %s
                status: %s
                schema:
                  - name: Payload
                    physicalType: topic
                    physicalName: orders.placed.v1
                    authoritativeDefinitions:
                      - {type: implementation, url: ./%s.schema.json}
                    properties:
                      - {name: orderId, required: true}
                """.formatted(ID, version, status, version)
                        + (properties.contains("\"email\"") ? "      - {name: email}\n" : "")
                        + (properties.contains("\"items\"") ? "      - {name: items}\n" : ""));
        Files.writeString(folder.resolve(version + ".schema.json"), """
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "additionalProperties": false, "required": ["orderId"],
                 "properties": {"orderId": {"type": "string"}, %s}}""".formatted(properties));
    }

    private RoutedEvent route(int n, String version, String payload) {
        return router.route(CapturedEvent.builder()
                .column(OutboxColumn.ID, "event-" + n)
                .column(OutboxColumn.CONTRACT, ID)
                .column(OutboxColumn.SCHEMA_VERSION, version)
                .column(OutboxColumn.AGGREGATE_TYPE, "order")
                .column(OutboxColumn.AGGREGATE_ID, "o-" + n)
                .column(OutboxColumn.EVENT_TYPE, ID)
                .column(OutboxColumn.PAYLOAD, payload)
                .column(OutboxColumn.OCCURRED_AT, "2026-12-01T10:00:00Z")
                .build());
    }

    @Test
    void countsWhatTheProposedVersionWouldDoWithoutChangingRouting() {
        for (int n = 0; n < 100; n++) {
            String payload = n % 10 == 0
                    ? "{\"orderId\":\"o\",\"items\":[{\"qty\":1}]}" // no sku: 1.2.0 would reject at /items/0
                    : n % 10 == 1
                            ? "{\"orderId\":\"o\",\"email\":\"a@b.c\"}" // email: 1.2.0 would reject at /email
                            : "{\"orderId\":\"o\",\"items\":[{\"sku\":\"S\"}]}";
            RoutedEvent routed = route(n, "1.1.0", payload);
            assertThat(routed.deadLettered()).isFalse();
            assertThat(routed.topic()).isEqualTo("orders.placed.v1");
        }
        route(100, "1.1.0", "{\"orderId\":7}"); // rejected by 1.1.0 too
        route(101, "1.2.0", "{\"orderId\":\"o\"}"); // names the proposed version itself: not a shadow check

        ShadowReport report = tally.report(ID, "1.2.0").orElseThrow();
        assertThat(report.shadowedVersion()).isEqualTo("1.1.0");
        assertThat(report.since()).isEqualTo(SINCE);
        assertThat(report.checked()).isEqualTo(101);
        assertThat(report.wouldFail()).isEqualTo(21);
        assertThat(report.wouldPass()).isEqualTo(80);
        assertThat(report.alreadyRejected()).isEqualTo(1);
        assertThat(report.rejectPercent()).isEqualTo(100.0 * 21 / 101);
        assertThat(report.reasons()).isEqualTo(Map.of("contract-violation", 21L));
        assertThat(report.pointers())
                .containsExactly(
                        new ShadowReport.PointerCount("/email", 10),
                        new ShadowReport.PointerCount("/items/0/sku", 10),
                        new ShadowReport.PointerCount("/orderId", 1));
        assertThat(report.pointersExact()).isTrue();
        assertThat(report.sampleEventIds()).hasSize(ShadowTally.SAMPLE_IDS).endsWith("event-91", "event-100");
        assertThat(tally.reports()).containsExactly(report);
        assertThat(tally.report(ID, "1.1.0")).isEmpty();
    }

    @Test
    void aHostileStreamOfNewPointersCannotGrowTheTallyAndFrequentOnesStayOnTop() {
        for (int n = 0; n < 5_000; n++) {
            route(n, "1.1.0", "{\"orderId\":\"o\",\"items\":[{\"sku\":\"S\"}],\"x" + n + "\":1}");
            if (n % 4 == 0) {
                route(n, "1.1.0", "{\"orderId\":\"o\",\"email\":\"a@b.c\"}");
            }
        }

        ShadowReport report = tally.report(ID, "1.2.0").orElseThrow();
        assertThat(report.wouldFail()).isEqualTo(6_250);
        assertThat(report.pointersExact()).isFalse();
        assertThat(report.pointers()).hasSize(ShadowTally.POINTERS_REPORTED);
        // Counted exactly from its first arrival on, overstated by at most the smallest count.
        assertThat(report.pointers().get(0).pointer()).isEqualTo("/email");
        assertThat(report.pointers().get(0).count()).isBetween(1_250L, 1_250L + 5_000 / ShadowTally.POINTERS_KEPT * 2);
        assertThat(report.sampleEventIds()).hasSize(ShadowTally.SAMPLE_IDS);
    }

    @Test
    void aReloadThatActivatesTheProposedVersionEndsItsTallyAndAChangedSchemaStartsANewOne() throws IOException {
        IntStream.range(0, 3).forEach(n -> route(n, "1.1.0", "{\"orderId\":\"o\",\"email\":\"a@b.c\"}"));
        tally.track(catalog); // the same catalog again: the tally goes on
        assertThat(tally.report(ID, "1.2.0").orElseThrow().checked()).isEqualTo(3);

        write("1.2.0", "proposed", "\"email\": {\"type\": \"string\"}");
        ContractCatalog changed = ContractDirectory.at(dir).load();
        route(3, "1.1.0", "{\"orderId\":\"o\"}"); // a batch still routed with the previous catalog
        tally.track(changed);
        assertThat(tally.report(ID, "1.2.0").orElseThrow().checked()).isZero();
        route(4, "1.1.0", "{\"orderId\":\"o\"}"); // the previous 1.2.0: ignored
        assertThat(tally.report(ID, "1.2.0").orElseThrow().checked()).isZero();
        catalog = changed;
        route(5, "1.1.0", "{\"orderId\":\"o\",\"email\":\"a@b.c\"}");
        assertThat(tally.report(ID, "1.2.0").orElseThrow().wouldPass()).isEqualTo(1);

        write("1.2.0", "active", "\"email\": {\"type\": \"string\"}");
        catalog = ContractDirectory.at(dir).load();
        tally.track(catalog);
        route(6, "1.1.0", "{\"orderId\":\"o\"}");
        assertThat(tally.reports()).isEmpty();
        assertThat(tally.report(ID, "1.2.0")).isEmpty();
    }

    @Test
    void withoutAListenerNothingIsCheckedInShadow() {
        EventRouter plain = EventRouter.builder()
                .catalog(catalog)
                .source("/test")
                .instance("test-1")
                .build();
        RoutedEvent routed = plain.route(CapturedEvent.builder()
                .column(OutboxColumn.ID, "e")
                .column(OutboxColumn.CONTRACT, ID)
                .column(OutboxColumn.SCHEMA_VERSION, "1.1.0")
                .column(OutboxColumn.AGGREGATE_ID, "o")
                .column(OutboxColumn.PAYLOAD, "{\"orderId\":\"o\",\"email\":\"a@b.c\"}")
                .build());

        assertThat(routed.deadLettered()).isFalse();
        assertThat(tally.report(ID, "1.2.0").orElseThrow().checked()).isZero();
        assertThat(List.of(routed.topic())).containsExactly("orders.placed.v1");
    }
}
