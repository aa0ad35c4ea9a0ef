package dev.waybill.routing;

import static dev.waybill.routing.EventRouterTest.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.ContractDirectory;
import dev.waybill.contracts.DeadLetterReason;
import dev.waybill.outbox.OutboxColumn;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Down-converted copies: a 2.0.0 event that declares a conversion also goes, converted, to the 1.1.0 topic. */
class EventRouterCopiesTest {

    private static final String EUR_ORDER = """
            {"orderId":"ORD-000001","total":{"amount":1250,"currency":"EUR"},"placedAt":"2026-12-01T10:00:00Z",\
            "channel":"web"}""";
    private static final String USD_ORDER = """
            {"orderId":"ORD-000002","total":{"amount":990,"currency":"USD"},"placedAt":"2026-12-01T10:00:00Z"}""";

    @TempDir
    Path directory;

    @Test
    void validEventGetsACopyOnThePreviousMajorsTopicWithTheSameIdAndKeyAndLinkingHeaders() {
        EventRouter.Batch batch = router(catalog(UnaryOperator.identity(), UnaryOperator.identity()))
                .batch();
        RoutedEvent original =
                batch.route(EventRouterTest.order("2.0.0", EUR_ORDER).build());

        List<RoutedEvent> copies = batch.copies(original);

        assertThat(original.topic()).isEqualTo("orders.order-placed.v2");
        assertThat(copies).singleElement().satisfies(copy -> {
            assertThat(copy.deadLettered()).isFalse();
            assertThat(copy.topic()).isEqualTo("orders.order-placed.v1");
            assertThat(copy.key()).isEqualTo(original.key());
            assertThat(new String(copy.value(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"orderId\":\"ORD-000001\",\"totalAmount\":1250,"
                            + "\"occurredAt\":\"2026-12-01T10:00:00Z\",\"salesChannel\":\"web\"}");
            assertThat(header(copy, WaybillHeaders.ID)).isEqualTo(header(original, WaybillHeaders.ID));
            assertThat(header(copy, WaybillHeaders.VERSION)).isEqualTo("1.1.0");
            assertThat(header(copy, WaybillHeaders.DATA_SCHEMA))
                    .isEqualTo("urn:waybill:contract:orders.order-placed:1.1.0");
            assertThat(header(copy, WaybillHeaders.CONVERTED_FROM)).isEqualTo("orders.order-placed@2.0.0");
            assertThat(header(copy, "traceparent")).isEqualTo("00-abc-def-01");
            assertThat(copy.event().schemaVersion()).isEqualTo("1.1.0");
        });
        assertThat(header(original, WaybillHeaders.CONVERTED_TO)).isEqualTo("orders.order-placed@1.1.0");
        assertThat(header(original, WaybillHeaders.VERSION)).isEqualTo("2.0.0");
    }

    @Test
    void copyThatBreaksTheOlderVersionIsDeadLetteredWhileTheOriginalIsPublished() {
        EventRouter.Batch batch = router(catalog(UnaryOperator.identity(), UnaryOperator.identity()))
                .batch();
        RoutedEvent original =
                batch.route(EventRouterTest.order("2.0.0", USD_ORDER).build());

        RoutedEvent copy = batch.copies(original).get(0);

        assertThat(original.deadLettered()).isFalse();
        assertThat(copy.topic()).isEqualTo("orders.order-placed.dlq");
        assertThat(copy.rejection()).hasValueSatisfying(rejection -> {
            assertThat(rejection.reason()).isEqualTo(DeadLetterReason.CONTRACT_VIOLATION);
            assertThat(rejection.pointer()).isEqualTo("/totalAmount");
            assertThat(rejection.intendedTopic()).isEqualTo("orders.order-placed.v1");
        });
        assertThat(header(copy, WaybillHeaders.DLQ_REASON)).isEqualTo("contract-violation");
        assertThat(header(copy, WaybillHeaders.VERSION)).isEqualTo("1.1.0");
        assertThat(header(copy, WaybillHeaders.CONVERTED_FROM)).isEqualTo("orders.order-placed@2.0.0");
    }

    @Test
    void expressionThatThrowsDeadLettersTheCopyAsConversionFailedWithTheNewPayload() {
        EventRouter.Batch batch = router(catalog(
                        UnaryOperator.identity(),
                        v2 -> v2.replace(
                                "\"orderId\": .orderId,",
                                "\"orderId\": if (.channel == \"app\") error(\"no app orders\") else " + ".orderId,")))
                .batch();
        String appOrder = EUR_ORDER.replace("\"web\"", "\"app\"");
        RoutedEvent original =
                batch.route(EventRouterTest.order("2.0.0", appOrder).build());

        RoutedEvent copy = batch.copies(original).get(0);

        assertThat(copy.rejection()).hasValueSatisfying(rejection -> {
            assertThat(rejection.reason()).isEqualTo(DeadLetterReason.CONVERSION_FAILED);
            assertThat(rejection.message()).contains("no app orders");
        });
        assertThat(new String(copy.value(), StandardCharsets.UTF_8)).isEqualTo(appOrder);
        assertThat(header(copy, WaybillHeaders.DLQ_REASON)).isEqualTo("conversion-failed");
    }

    @Test
    void noCopiesForOlderVersionsDeadLettersOrARetiredTarget() {
        EventRouter.Batch batch = router(catalog(UnaryOperator.identity(), UnaryOperator.identity()))
                .batch();
        RoutedEvent v1 = batch.route(EventRouterTest.order(
                        "1.1.0",
                        "{\"orderId\":\"ORD-000003\",\"totalAmount\":1,\"occurredAt\":\"2026-12-01T10:00:00Z\"}")
                .build());
        RoutedEvent broken = batch.route(
                EventRouterTest.order("2.0.0", "{\"orderId\":\"x\"}").build());

        assertThat(v1.deadLettered()).isFalse();
        assertThat(batch.copies(v1)).isEmpty();
        assertThat(broken.deadLettered()).isTrue();
        assertThat(batch.copies(broken)).isEmpty();

        EventRouter.Batch retired = router(catalog(
                        v1Contract -> v1Contract.replace("status: active", "status: retired"),
                        UnaryOperator.identity()))
                .batch();
        RoutedEvent original = retired.route(EventRouterTest.order("2.0.0", EUR_ORDER)
                .column(OutboxColumn.ID, "0193a1b2-0000-7000-8000-000000000009")
                .build());
        assertThat(retired.copies(original)).isEmpty();
        assertThat(header(original, WaybillHeaders.CONVERTED_TO)).isNull();
    }

    private static EventRouter router(ContractCatalog catalog) {
        return EventRouter.builder()
                .catalog(catalog)
                .source("/waybill/shop")
                .instance("relay-1")
                .build();
    }

    /** The migration contracts (1.1.0 and 2.0.0), each ODCS file changed by its function. */
    private ContractCatalog catalog(UnaryOperator<String> v1, UnaryOperator<String> v2) {
        try {
            Path source = Path.of(EventRouterCopiesTest.class
                    .getResource("/migration/orders.order-placed")
                    .toURI());
            Path root = Files.createTempDirectory(directory, "contracts");
            Path target = Files.createDirectories(root.resolve("orders.order-placed"));
            for (String file : List.of("1.1.0.schema.json", "2.0.0.schema.json")) {
                Files.copy(source.resolve(file), target.resolve(file));
            }
            Files.writeString(
                    target.resolve("1.1.0.odcs.yaml"), v1.apply(Files.readString(source.resolve("1.1.0.odcs.yaml"))));
            Files.writeString(
                    target.resolve("2.0.0.odcs.yaml"), v2.apply(Files.readString(source.resolve("2.0.0.odcs.yaml"))));
            return ContractDirectory.at(root).load();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
