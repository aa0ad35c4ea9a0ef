package dev.waybill.collector.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.collector.internal.CollectorHeaders;
import dev.waybill.contracts.ContractDirectory;
import dev.waybill.routing.EventRouter;
import dev.waybill.routing.WaybillHeaders;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The validator emits the down-converted copies too: a 2.0.0 raw event reaches the 2.0.0 and the 1.1.0 topic. */
class ValidatorCopiesTest {

    @Test
    void rawEventOfTheNewMajorIsWrittenToItsTopicAndConvertedForThePreviousOne() throws Exception {
        EventRouter router = EventRouter.builder()
                .catalog(ContractDirectory.at(contracts()).load())
                .source("/waybill/collector")
                .instance("validator-1")
                .build();
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "validator-copies-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try (TopologyTestDriver driver = new TopologyTestDriver(
                Validator.topology(".raw", router, new ValidatorMetrics("validator-1"), 1_048_576), properties)) {
            TestInputTopic<byte[], byte[]> raw = driver.createInputTopic(
                    "orders.order-placed.raw", new ByteArraySerializer(), new ByteArraySerializer());
            raw.pipeInput(raw("0193a1b2-0000-7000-8000-000000000001", "ORD-000001", "EUR"));
            raw.pipeInput(raw("0193a1b2-0000-7000-8000-000000000002", "ORD-000002", "USD"));

            List<TestRecord<byte[], byte[]>> v2 = output(driver, "orders.order-placed.v2");
            List<TestRecord<byte[], byte[]>> v1 = output(driver, "orders.order-placed.v1");
            List<TestRecord<byte[], byte[]>> dlq = output(driver, "orders.order-placed.dlq");

            assertThat(v2)
                    .hasSize(2)
                    .allSatisfy(original -> assertThat(header(original, WaybillHeaders.CONVERTED_TO))
                            .isEqualTo("orders.order-placed@1.1.0"));
            assertThat(v1).singleElement().satisfies(copy -> {
                assertThat(header(copy, WaybillHeaders.ID)).isEqualTo("0193a1b2-0000-7000-8000-000000000001");
                assertThat(new String(copy.key(), StandardCharsets.UTF_8)).isEqualTo("ORD-000001");
                assertThat(header(copy, WaybillHeaders.VERSION)).isEqualTo("1.1.0");
                assertThat(header(copy, WaybillHeaders.CONVERTED_FROM)).isEqualTo("orders.order-placed@2.0.0");
                assertThat(header(copy, CollectorHeaders.COLLECTOR)).isEqualTo("collector-1");
                assertThat(new String(copy.value(), StandardCharsets.UTF_8))
                        .isEqualTo("{\"orderId\":\"ORD-000001\",\"totalAmount\":1250,"
                                + "\"occurredAt\":\"2026-12-01T10:00:00Z\",\"salesChannel\":\"web\"}");
            });
            assertThat(dlq).singleElement().satisfies(copy -> {
                assertThat(header(copy, WaybillHeaders.ID)).isEqualTo("0193a1b2-0000-7000-8000-000000000002");
                assertThat(header(copy, WaybillHeaders.DLQ_REASON)).isEqualTo("contract-violation");
                assertThat(header(copy, WaybillHeaders.DLQ_POINTER)).isEqualTo("/totalAmount");
            });
        }
    }

    private static TestRecord<byte[], byte[]> raw(String id, String orderId, String currency) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(WaybillHeaders.ID, utf8(id));
        headers.add(WaybillHeaders.CONTRACT, utf8("orders.order-placed"));
        headers.add(WaybillHeaders.VERSION, utf8("2.0.0"));
        headers.add(WaybillHeaders.TYPE, utf8("orders.order-placed"));
        headers.add(WaybillHeaders.SUBJECT, utf8(orderId));
        headers.add(WaybillHeaders.TIME, utf8("2026-12-01T10:00:00Z"));
        headers.add(CollectorHeaders.COLLECTOR, utf8("collector-1"));
        String payload = "{\"orderId\":\"" + orderId + "\",\"total\":{\"amount\":1250,\"currency\":\"" + currency
                + "\"},\"placedAt\":\"2026-12-01T10:00:00Z\",\"channel\":\"web\"}";
        return new TestRecord<>(utf8(orderId), utf8(payload), headers);
    }

    private static List<TestRecord<byte[], byte[]>> output(TopologyTestDriver driver, String topic) {
        return driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                .readRecordsToList();
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Path contracts() throws URISyntaxException {
        return Path.of(ValidatorCopiesTest.class.getResource("/migration").toURI());
    }
}
