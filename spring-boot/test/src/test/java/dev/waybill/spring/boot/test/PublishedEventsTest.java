package dev.waybill.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class PublishedEventsTest {

    @Test
    void aRecordBecomesAnEventWithItsCloudEventsHeadersAsStrings() {
        RecordHeaders headers = new RecordHeaders();
        headers.add(new RecordHeader("ce_id", bytes("0199a8f0-0000-7000-8000-000000000001")));
        headers.add(new RecordHeader("ce_type", bytes("orders.order-created.created")));
        headers.add(new RecordHeader("ce_subject", bytes("ORD-1")));
        headers.add(new RecordHeader("ce_waybillcontract", bytes("orders.order-created")));
        headers.add(new RecordHeader("ce_waybillversion", bytes("1.0.0")));
        headers.add(new RecordHeader("traceparent", null));
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(
                "orders.order-created.v1",
                2,
                41L,
                0L,
                TimestampType.CREATE_TIME,
                0,
                0,
                bytes("ORD-1"),
                bytes("{\"orderId\":\"ORD-1\"}"),
                headers,
                java.util.Optional.empty());

        PublishedEvent event = PublishedEvent.of(record);

        assertThat(event.topic()).isEqualTo("orders.order-created.v1");
        assertThat(event.partition()).isEqualTo(2);
        assertThat(event.offset()).isEqualTo(41L);
        assertThat(event.key()).isEqualTo("ORD-1");
        assertThat(event.value()).isEqualTo("{\"orderId\":\"ORD-1\"}");
        assertThat(event.id()).isEqualTo("0199a8f0-0000-7000-8000-000000000001");
        assertThat(event.type()).isEqualTo("orders.order-created.created");
        assertThat(event.subject()).isEqualTo("ORD-1");
        assertThat(event.contract()).isEqualTo("orders.order-created");
        assertThat(event.contractVersion()).isEqualTo("1.0.0");
        assertThat(event.cloudEventAttribute("time")).isNull();
        assertThat(event.headers()).containsKey("traceparent");
        assertThat(event.header("traceparent")).isNull();
        assertThat(event.headers().keySet())
                .containsExactly(
                        "ce_id", "ce_type", "ce_subject", "ce_waybillcontract", "ce_waybillversion", "traceparent");
    }

    @Test
    void eventsAreValuesSoAssertJCanCompareThem() {
        PublishedEvent one = new PublishedEvent("t", 0, 1, "k", "v", Map.of("ce_id", "1"));
        assertThat(one).isEqualTo(new PublishedEvent("t", 0, 1, "k", "v", Map.of("ce_id", "1")));
        assertThatThrownBy(() -> one.headers().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void eachCallReadsFromTheBeginningWithAGroupOfItsOwnAndNeverCreatesTheTopic() {
        Properties first = PublishedEvents.consumerProperties("localhost:9092");
        Properties second = PublishedEvents.consumerProperties("localhost:9092");

        assertThat(first.getProperty("group.id")).startsWith("waybill-published-events-");
        assertThat(first.getProperty("group.id")).isNotEqualTo(second.getProperty("group.id"));
        assertThat(first)
                .containsEntry("bootstrap.servers", "localhost:9092")
                .containsEntry("auto.offset.reset", "earliest")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("allow.auto.create.topics", "false");
    }

    @Test
    void aTimeoutSaysWhatWasReadAndWhatMatched() {
        List<PublishedEvent> read = List.of(
                new PublishedEvent("t", 1, 0, "b", "{\"n\":2}", Map.of()),
                new PublishedEvent("t", 0, 5, "a", "{\"n\":1}", Map.of()));

        assertThat(PublishedEvents.timeoutMessage("t", 3, Duration.ofSeconds(2), read, read))
                .isEqualTo(
                        "Expected at least 3 matching record(s) on topic t within PT2S; read 2 record(s), 2 matching:\n"
                                + "  key=a value={\"n\":1}\n"
                                + "  key=b value={\"n\":2}");
        assertThat(PublishedEvents.timeoutMessage("t", 1, Duration.ofSeconds(2), read, List.of()))
                .isEqualTo(
                        "Expected at least 1 matching record(s) on topic t within PT2S; read 2 record(s), 0 matching");
    }

    @Test
    void badArgumentsAreRefused() {
        PublishedEvents events = PublishedEvents.on("localhost:9092");
        assertThatThrownBy(() -> events.within(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> events.await("t", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
