package dev.waybill.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waybill.collector.internal.ApiException;
import dev.waybill.collector.internal.Envelope;
import dev.waybill.collector.internal.EnvelopeReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeReaderTest {

    private static List<Envelope> read(String contentType, String body) {
        return new EnvelopeReader(10, 1024, 64, ".raw")
                .read(contentType, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String data(Envelope envelope) {
        return new String(envelope.data(), StandardCharsets.UTF_8);
    }

    @Test
    void dataIsTheBytesAsSentWhateverItsShape() {
        String body = "[{\"contract\":\"c\",\"version\":1,\"id\":\"1\",\"type\":\"t\",\"subject\":\"s\","
                + "\"data\":{ \"b\" : [1, 2.50],\"a\":\"\\u00e9\" }},"
                + "{\"data\":\"text\",\"contract\":\"c\",\"version\":\"1\",\"id\":\"2\",\"type\":\"t\",\"subject\":\"s\"},"
                + "{\"contract\":\"c\",\"version\":\"1\",\"id\":\"3\",\"type\":\"t\",\"subject\":\"s\",\"data\":12.0}]";
        List<Envelope> events = read("application/json", body);
        assertThat(events)
                .extracting(EnvelopeReaderTest::data)
                .containsExactly("{ \"b\" : [1, 2.50],\"a\":\"\\u00e9\" }", "\"text\"", "12.0");
        assertThat(events.get(0).version()).isEqualTo("1");
    }

    @Test
    void ndjsonAndCloudEventsStructured() {
        String line =
                "{\"contract\":\"c\",\"version\":\"1\",\"id\":\"%s\",\"type\":\"t\",\"subject\":\"s\",\"data\":{}}";
        assertThat(read("application/x-ndjson", line.formatted("1") + "\r\n\n" + line.formatted("2")))
                .hasSize(2);
        Envelope event = read(
                        "application/cloudevents+json; charset=utf-8",
                        "{\"specversion\":\"1.0\",\"id\":\"1\",\"type\":\"t\",\"source\":\"/s\",\"subject\":\"s\","
                                + "\"waybillcontract\":\"c\",\"waybillversion\":\"2\",\"traceparent\":\"00-x\","
                                + "\"data_base64\":\"aGk=\"}")
                .get(0);
        assertThat(event.contract()).isEqualTo("c");
        assertThat(event.version()).isEqualTo("2");
        assertThat(event.extensions()).containsEntry("traceparent", "00-x");
        assertThat(data(event)).isEqualTo("hi");
        assertThat(event.dataContentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void envelopeProblemsAreListedPerEvent() {
        assertThatThrownBy(() -> read(
                        "application/json",
                        "[{\"contract\":\"c\",\"version\":\"1\",\"id\":\"1\",\"type\":\"t\",\"data\":{}},"
                                + "{\"contract\":\"c d\",\"version\":\"1\",\"id\":\"2\",\"type\":\"t\",\"subject\":\"s\","
                                + "\"data\":{}}]"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(422);
                    assertThat(e.code()).isEqualTo("invalid-envelope");
                    assertThat(e.getMessage()).startsWith("2 events have envelope problems; the first, event 0:");
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> events =
                            (List<Map<String, Object>>) e.details().get("events");
                    assertThat(events).extracting(m -> m.get("attribute")).containsExactly("subject", "contract");
                    assertThat(events)
                            .extracting(m -> m.get("error"))
                            .containsExactly("missing-attribute", "wrong-attribute");
                });
    }
}
