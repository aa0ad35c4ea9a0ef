package dev.waybill.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.ContractDirectory;
import dev.waybill.contracts.DeadLetterReason;
import dev.waybill.outbox.OutboxColumn;
import dev.waybill.outbox.WaybillException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;

class EventRouterTest {

    private static final String VALID =
            "{\"orderId\":\"ORD-000001\",\"totalAmount\":1200," + "\"occurredAt\":\"2026-12-01T10:00:00Z\"}";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:01Z");

    private final ContractCatalog catalog = ContractDirectory.at(contracts()).load();
    private final EventRouter router = EventRouter.builder()
            .catalog(catalog)
            .source("/waybill/shop")
            .instance("relay-1")
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();

    @Test
    void validEventGoesToItsContractsTopicWithCloudEventsHeaders() {
        RoutedEvent routed = router.route(order("1.0.0", VALID).build());

        assertThat(routed.deadLettered()).isFalse();
        assertThat(routed.topic()).isEqualTo("orders.order-placed.v1");
        assertThat(new String(routed.key(), StandardCharsets.UTF_8)).isEqualTo("ORD-000001");
        assertThat(new String(routed.value(), StandardCharsets.UTF_8)).isEqualTo(VALID);
        assertThat(names(routed.headers()))
                .containsExactly(
                        "ce_specversion",
                        "ce_id",
                        "ce_type",
                        "ce_source",
                        "ce_time",
                        "ce_subject",
                        "content-type",
                        "ce_dataschema",
                        "ce_waybillcontract",
                        "ce_waybillversion",
                        "ce_waybillaggregatetype",
                        "ce_waybilllsn",
                        "ce_waybilltxid",
                        "ce_waybillrelay",
                        "ce_waybillrelayedat",
                        "traceparent");
        assertThat(header(routed, WaybillHeaders.ID)).isEqualTo("0193a1b2-0000-7000-8000-000000000001");
        assertThat(header(routed, WaybillHeaders.SOURCE)).isEqualTo("/waybill/shop");
        assertThat(header(routed, WaybillHeaders.DATA_SCHEMA))
                .isEqualTo("urn:waybill:contract:orders.order-placed:1.0.0");
        assertThat(header(routed, WaybillHeaders.LSN)).isEqualTo("4242");
        assertThat(header(routed, WaybillHeaders.TX_ID)).isEqualTo("77");
        assertThat(header(routed, WaybillHeaders.RELAY)).isEqualTo("relay-1");
        assertThat(header(routed, WaybillHeaders.RELAYED_AT)).isEqualTo(NOW.toString());
        assertThat(header(routed, "traceparent")).isEqualTo("00-abc-def-01");
    }

    @Test
    void eventThatBreaksItsContractIsDeadLetteredWithEveryViolationAndTheFirstPointer() {
        RoutedEvent routed = router.route(
                order("1.0.0", "{\"orderId\":\"nope\",\"totalAmount\":-1," + "\"occurredAt\":\"2026-12-01T10:00:00Z\"}")
                        .build());

        assertThat(routed.topic()).isEqualTo("orders.order-placed.dlq");
        RoutedEvent.Rejection rejection = routed.rejection().orElseThrow();
        assertThat(rejection.reason()).isEqualTo(DeadLetterReason.CONTRACT_VIOLATION);
        assertThat(rejection.intendedTopic()).isEqualTo("orders.order-placed.v1");
        assertThat(header(routed, WaybillHeaders.DLQ_REASON)).isEqualTo("contract-violation");
        assertThat(header(routed, WaybillHeaders.DLQ_POINTER))
                .isEqualTo(rejection.pointer())
                .startsWith("/");
        assertThat(header(routed, WaybillHeaders.DLQ_MESSAGE)).contains("/orderId pattern", "/totalAmount minimum");
        assertThat(header(routed, WaybillHeaders.DLQ_INTENDED_TOPIC)).isEqualTo("orders.order-placed.v1");
        assertThat(new String(routed.value(), StandardCharsets.UTF_8)).contains("\"nope\"");
    }

    @Test
    void eachRejectionHasItsReasonAndDeadLetterTopic() {
        assertRejected(order("1.0.0", "[1]"), DeadLetterReason.MALFORMED_PAYLOAD, "orders.order-placed.dlq");
        assertRejected(order("1.0.0", "{not json"), DeadLetterReason.MALFORMED_PAYLOAD, "orders.order-placed.dlq");
        assertRejected(order("9.0.0", VALID), DeadLetterReason.UNKNOWN_VERSION, EventRouter.DEFAULT_DEAD_LETTER_TOPIC);
        assertRejected(
                order("1.0.0", VALID).column(OutboxColumn.CONTRACT, "orders.nope"),
                DeadLetterReason.UNKNOWN_CONTRACT,
                EventRouter.DEFAULT_DEAD_LETTER_TOPIC);
        assertRejected(
                order("1.0.0", "{\"userId\":\"u\"}").column(OutboxColumn.CONTRACT, "legacy.signup"),
                DeadLetterReason.RETIRED_VERSION,
                EventRouter.DEFAULT_DEAD_LETTER_TOPIC);
        assertRejected(
                order("0.1.0", "{\"featureId\":\"f\"}").column(OutboxColumn.CONTRACT, "beta.feature"),
                DeadLetterReason.VERSION_NOT_ACTIVE,
                EventRouter.DEFAULT_DEAD_LETTER_TOPIC);
        assertRejected(
                order("1.0.0", VALID).column(OutboxColumn.CONTRACT, null),
                DeadLetterReason.MALFORMED_EVENT,
                EventRouter.DEFAULT_DEAD_LETTER_TOPIC);
        assertRejected(
                order("1.0.0", VALID).column(OutboxColumn.HEADERS, "{\"n\":1}"),
                DeadLetterReason.MALFORMED_HEADERS,
                "orders.order-placed.dlq");
        assertRejected(
                order("1.0.0", VALID).column(OutboxColumn.HEADERS, "[\"x\"]"),
                DeadLetterReason.MALFORMED_HEADERS,
                "orders.order-placed.dlq");
        assertRejected(
                order("1.0.0", VALID).column(OutboxColumn.HEADERS, "{broken"),
                DeadLetterReason.MALFORMED_HEADERS,
                "orders.order-placed.dlq");
    }

    @Test
    void malformedHeadersStillGiveTheRecordEveryCloudEventsAttribute() {
        RoutedEvent routed = router.route(
                order("1.0.0", VALID).column(OutboxColumn.HEADERS, "{\"n\":1}").build());

        assertThat(header(routed, WaybillHeaders.DLQ_MESSAGE)).isEqualTo("the event's header 'n' is not a string");
        assertThat(names(routed.headers()))
                .contains("ce_id", "ce_waybillcontract", "ce_waybillrelayedat")
                .doesNotContain("n")
                .doesNotHaveDuplicates();
    }

    @Test
    void eventHeadersCannotReplaceReservedNames() {
        RoutedEvent routed = router.route(order("1.0.0", VALID)
                .column(
                        OutboxColumn.HEADERS,
                        "{\"ce_id\":\"forged\",\"CE_TYPE\":\"x\",\"waybill_dlq_reason\":\"x\",\"Content-Type\":\"text/plain\","
                                + "\"tracestate\":\"k=v\"}")
                .build());

        assertThat(names(routed.headers()))
                .doesNotHaveDuplicates()
                .contains("tracestate")
                .doesNotContain("CE_TYPE", "waybill_dlq_reason", "Content-Type");
        assertThat(header(routed, WaybillHeaders.ID)).isEqualTo("0193a1b2-0000-7000-8000-000000000001");
    }

    @Test
    void anEventsOwnSourceWinsOverTheRouters() {
        RoutedEvent routed =
                router.route(order("1.0.0", VALID).source("/collector/web").build());

        assertThat(header(routed, WaybillHeaders.SOURCE)).isEqualTo("/collector/web");
    }

    @Test
    void tooLargeRecordIsDeadLetteredWithoutItsValueKeepingItsHeaders() {
        RoutedEvent routed = router.route(order("1.0.0", VALID).build());

        RoutedEvent tooLarge = router.tooLarge(routed, "The message is 2000000 bytes");

        assertThat(tooLarge.topic()).isEqualTo("orders.order-placed.dlq");
        assertThat(tooLarge.value()).isNull();
        assertThat(tooLarge.key()).isEqualTo(routed.key());
        assertThat(tooLarge.rejection().orElseThrow().reason()).isEqualTo(DeadLetterReason.RECORD_TOO_LARGE);
        assertThat(header(tooLarge, WaybillHeaders.DLQ_REASON)).isEqualTo("record-too-large");
        assertThat(header(tooLarge, WaybillHeaders.DLQ_MESSAGE))
                .contains(VALID.length() + " bytes", "The message is 2000000 bytes");
        assertThat(header(tooLarge, WaybillHeaders.ID)).isEqualTo(header(routed, WaybillHeaders.ID));
        assertThat(names(tooLarge.headers())).doesNotHaveDuplicates();
    }

    @Test
    void deadLetterMessageIsCutToStayReadable() {
        String longId = "x".repeat(10_000);
        RoutedEvent routed = router.route(
                order("1.0.0", VALID).column(OutboxColumn.CONTRACT, longId).build());

        assertThat(header(routed, WaybillHeaders.DLQ_MESSAGE))
                .hasSize(CloudEventsHeaders.MAX_MESSAGE_CHARS + 3)
                .endsWith("...");
    }

    @Test
    void aBatchStampsEveryEventWithOneRelayedAtTime() {
        EventRouter.Batch batch = router.batch();

        assertThat(header(batch.route(order("1.0.0", VALID).build()), WaybillHeaders.RELAYED_AT))
                .isEqualTo(header(batch.route(order("9.9.9", VALID).build()), WaybillHeaders.RELAYED_AT));
    }

    @Test
    void builderNamesWhatIsMissing() {
        assertThatThrownBy(() ->
                        EventRouter.builder().catalog(catalog).instance("i").build())
                .isInstanceOf(WaybillException.class)
                .hasMessage("EventRouter.source(...) is required");
    }

    private void assertRejected(CapturedEvent.Builder event, DeadLetterReason reason, String topic) {
        RoutedEvent routed = router.route(event.build());
        assertThat(routed.rejection())
                .as(event.build().toString())
                .get()
                .extracting(RoutedEvent.Rejection::reason)
                .isEqualTo(reason);
        assertThat(routed.topic()).as(reason.code()).isEqualTo(topic);
        assertThat(header(routed, WaybillHeaders.DLQ_REASON)).isEqualTo(reason.code());
        assertThat(header(routed, WaybillHeaders.DLQ_MESSAGE)).as(reason.code()).isNotBlank();
    }

    static CapturedEvent.Builder order(String version, String payload) {
        return CapturedEvent.builder()
                .column(OutboxColumn.ID, "0193a1b2-0000-7000-8000-000000000001")
                .column(OutboxColumn.CONTRACT, "orders.order-placed")
                .column(OutboxColumn.SCHEMA_VERSION, version)
                .column(OutboxColumn.AGGREGATE_TYPE, "order")
                .column(OutboxColumn.AGGREGATE_ID, "ORD-000001")
                .column(OutboxColumn.EVENT_TYPE, "orders.order-placed")
                .column(OutboxColumn.PAYLOAD, payload)
                .column(OutboxColumn.HEADERS, "{\"traceparent\":\"00-abc-def-01\"}")
                .column(OutboxColumn.OCCURRED_AT, "2026-12-01T10:00:00Z")
                .position(4242, 77, NOW.toEpochMilli() - 5);
    }

    static String header(RoutedEvent routed, String name) {
        Header header = routed.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static List<String> names(Headers headers) {
        List<String> names = new ArrayList<>();
        headers.forEach(header -> names.add(header.key()));
        return names;
    }

    private static Path contracts() {
        try {
            return Path.of(EventRouterTest.class.getResource("/contracts").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
