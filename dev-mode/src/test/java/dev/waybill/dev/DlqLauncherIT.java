package dev.waybill.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.dev.Launcher.Run;
import dev.waybill.routing.WaybillHeaders;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * {@code waybill dlq} through {@code bin/waybill}, on a real broker: its JSON is the only thing on standard output.
 * (Dead letters written by a real relay, show and replay: outbox-relay's DeadLetterToolsIT.)
 */
@WaybillTest
class DlqLauncherIT {

    @Test
    void summaryAsJsonThroughTheLauncherIsJsonOnly(TestKafka kafka) throws Exception {
        String topic = kafka.uniqueTopic("waybill.dead-letter");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(kafka.clientProperties(), new ByteArraySerializer(), new ByteArraySerializer())) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(WaybillHeaders.ID, utf8("019ad9e4-0000-7000-8000-000000000001"));
            headers.add(WaybillHeaders.CONTRACT, utf8("orders.order-placed"));
            headers.add(WaybillHeaders.VERSION, utf8("9.0.0"));
            headers.add(WaybillHeaders.RELAYED_AT, utf8("2026-12-01T10:15:30Z"));
            headers.add(WaybillHeaders.DLQ_REASON, utf8("unknown-version"));
            headers.add(WaybillHeaders.DLQ_POINTER, utf8(""));
            producer.send(new ProducerRecord<>(topic, null, utf8("ORD-000001"), utf8("{}"), headers))
                    .get(30, TimeUnit.SECONDS);
        }

        Run run = Launcher.run(
                Launcher.REPOSITORY,
                Path.of(System.getProperty("java.home")),
                "dlq",
                "summary",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                topic,
                "--format",
                "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = new ObjectMapper().readTree(run.out());
        assertThat(summary.path("total").asLong()).isEqualTo(1);
        JsonNode group = summary.path("groups").get(0);
        assertThat(group.path("hour").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(group.path("contract").asText()).isEqualTo("orders.order-placed");
        assertThat(group.path("reason").asText()).isEqualTo("unknown-version");
        assertThat(group.path("first").path("record").asText()).isEqualTo(topic + ":0:0");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
