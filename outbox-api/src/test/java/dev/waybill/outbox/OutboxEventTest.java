package dev.waybill.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OutboxEventTest {

    private static OutboxEvent.Builder valid() {
        return OutboxEvent.builder()
                .contract("orders.order-placed")
                .schemaVersion("1.0.0")
                .aggregate("order", "ORD-000001")
                .payload("{\"orderId\":\"ORD-000001\",\"totalAmount\":1250}");
    }

    @Test
    void defaultsGiveAVersion7IdTheContractAsEventTypeNoHeadersAndNow() {
        Instant before = Instant.now();
        OutboxEvent event = valid().build();

        assertThat(event.id().version()).isEqualTo(7);
        assertThat(event.eventType()).isEqualTo("orders.order-placed");
        assertThat(event.headers()).isEmpty();
        assertThat(event.occurredAt()).isBetween(before.minusMillis(1), Instant.now());
    }

    @Test
    void givenValuesAreKept() {
        UUID id = UUID.fromString("0193a1b2-0000-7000-8000-00000000000a");
        Instant occurredAt = Instant.parse("2026-11-26T10:15:30.123456Z");
        OutboxEvent event = valid().id(id)
                .eventType("OrderPlaced")
                .occurredAt(occurredAt)
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .build();

        assertThat(event.id()).isEqualTo(id);
        assertThat(event.eventType()).isEqualTo("OrderPlaced");
        assertThat(event.occurredAt()).isEqualTo(occurredAt);
        assertThat(event.headers())
                .containsEntry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    }

    @Test
    void idThatIsNotAUuidV7IsRefusedBecauseRetentionReadsTheWriteTimeFromIt() {
        UUID random = UUID.fromString("3f2b8c1e-9d4a-4e6b-a1c2-7d8e9f0a1b2c");

        assertThatThrownBy(() -> valid().id(random).build())
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("version 4 UUID")
                .hasMessageContaining("UUIDv7")
                .extracting(e -> ((InvalidEventException) e).field())
                .isEqualTo("id");
    }

    @Test
    void occurredAtIsTruncatedToPostgresMicroseconds() {
        OutboxEvent event = valid().occurredAt(Instant.parse("2026-11-26T10:15:30.123456789Z"))
                .build();
        assertThat(event.occurredAt()).isEqualTo(Instant.parse("2026-11-26T10:15:30.123456Z"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t"})
    void blankContractIsRejectedNamingTheField(String contract) {
        assertThatThrownBy(() -> valid().contract(contract).build())
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("contract: ")
                .extracting(e -> ((InvalidEventException) e).field())
                .isEqualTo("contract");
    }

    @ParameterizedTest
    @ValueSource(strings = {"orders order", "-orders", "orders;drop", "ordérs"})
    void contractThatIsNotANameIsRejectedWithTheRule(String contract) {
        assertThatThrownBy(() -> valid().contract(contract).build())
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("contract: '" + contract + "' is not a name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.0", "v1.0.0", "01.0.0", "1.0.0.0", "1.0.x", "latest", " 1.0.0"})
    void schemaVersionThatIsNotSemverIsRejected(String version) {
        assertThatThrownBy(() -> valid().schemaVersion(version).build())
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("schemaVersion: '" + version
                        + "' is not a semantic version (MAJOR.MINOR.PATCH, for example 1.0.0)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.1.0", "1.0.0", "10.20.30", "1.0.0-rc.1", "1.0.0-alpha+build.7", "2.0.0+20261126"})
    void semverVersionsAreAccepted(String version) {
        assertThat(valid().schemaVersion(version).build().schemaVersion()).isEqualTo(version);
    }

    @Test
    void missingAggregateIdIsRejected() {
        assertThatThrownBy(() -> valid().aggregateId(null).build())
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("aggregateId: is missing");
        assertThatThrownBy(() -> valid().aggregateId(" ").build()).hasMessage("aggregateId: must not be blank");
    }

    @Test
    void overlongAggregateIdIsRejectedWithTheLimit() {
        assertThatThrownBy(() -> valid().aggregateId("x".repeat(256)).build())
                .hasMessage("aggregateId: is 256 characters long; at most 255 are allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1,2]", "\"text\"", "42", "null", "true", ""})
    void payloadThatIsNotAJsonObjectIsRejected(String payload) {
        assertThatThrownBy(() -> valid().payload(payload).build())
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("payload: must be a JSON object");
    }

    @Test
    void malformedPayloadIsRejectedWithThePlaceButNotTheContent() {
        assertThatThrownBy(() ->
                        valid().payload("{\"email\":\"secret@example.com\",}").build())
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("payload: is not valid JSON: expected a member name in double quotes, found '}' "
                        + "at offset 30")
                .hasMessageNotContaining("secret");
    }

    @Test
    void missingPayloadIsRejected() {
        assertThatThrownBy(() -> valid().payload(null).build()).hasMessage("payload: is missing");
    }

    @Test
    void headerWithoutValueIsRejected() {
        Map<String, String> headers = new HashMap<>();
        headers.put("traceparent", null);
        assertThatThrownBy(() -> valid().headers(headers).build())
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("headers: header 'traceparent' has no value");
    }

    @Test
    void headersCannotBeChangedAfterBuild() {
        OutboxEvent event = valid().header("a", "1").build();
        assertThatThrownBy(() -> event.headers().put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void toStringOmitsPayloadAndHeaderValues() {
        OutboxEvent event = valid().payload("{\"customerEmail\":\"jane@example.com\"}")
                .header("authorization", "Bearer secret-token")
                .build();
        assertThat(event.toString())
                .contains("orders.order-placed", "ORD-000001", "authorization")
                .doesNotContain("jane@example.com", "secret-token");
    }

    @Test
    void toBuilderCopiesEveryValue() {
        OutboxEvent event = valid().header("traceparent", "t").build();
        assertThat(event.toBuilder().build()).isEqualTo(event);
    }
}
