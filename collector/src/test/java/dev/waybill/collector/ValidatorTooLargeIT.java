package dev.waybill.collector;

import static dev.waybill.collector.CollectorTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.collector.CollectorSetting.Scope;
import dev.waybill.collector.internal.Envelope;
import dev.waybill.collector.internal.RawRecords;
import dev.waybill.collector.validate.Validator;
import dev.waybill.routing.WaybillHeaders;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A routed record Kafka refuses as too large is dead-lettered as record-too-large, and the stream goes on. */
@WaybillTest
class ValidatorTooLargeIT {

    @TempDir
    Path temp;

    @Test
    void tooLargeIsDeadLetteredWithoutItsValueAndTheStreamGoesOn(TestKafka kafka) throws Exception {
        String contract = "shop.large-" + uid().substring(0, 8);
        String suffix = ".raw-" + uid().substring(0, 8);
        String validTopic = contract + ".v1";
        String deadLetterTopic = contract + ".dead-letter";
        createTopics(kafka.bootstrapServers(), contract + suffix, validTopic, deadLetterTopic);
        Path contracts = CollectorTesting.contracts(temp.resolve("contracts"), contract, validTopic);
        try (Validator validator = Validator.start(CollectorConfig.builder(Scope.VALIDATE)
                        .kafka(kafka.bootstrapServers())
                        .set(CollectorSettings.HTTP_PORT, 0)
                        .set(CollectorSettings.RAW_TOPIC_SUFFIX, suffix)
                        .set(CollectorSettings.APPLICATION_ID, "validate-" + uid())
                        .set(CollectorSettings.CONTRACTS_DIRECTORY, contracts)
                        .set(CollectorSettings.DEAD_LETTER_TOPIC, deadLetterTopic)
                        .streams("state.dir", temp.resolve("state").toString())
                        .streams("commit.interval.ms", "100")
                        .streams("producer.max.request.size", "4000")
                        .build());
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
                KafkaConsumer<byte[], byte[]> routed =
                        consumer(kafka.bootstrapServers(), List.of(validTopic, deadLetterTopic))) {
            String large = uid();
            String after = uid();
            RawRecords raw = new RawRecords(suffix, "/waybill/collector", "collector-test");
            List<Envelope> events = List.of(
                    event(large, contract, "{\"page\":\"" + "p".repeat(6000) + "\",\"x\":1}"),
                    event(after, contract, "{\"page\":\"/after\",\"x\":2}"));
            raw.build(events, "test", Instant.now().toString(), null).forEach(producer::send);
            producer.flush();

            List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                pollInto(routed, seen);
                return seen.size() >= 2;
            });
            ConsumerRecord<byte[], byte[]> deadLettered = seen.stream()
                    .filter(r -> large.equals(header(r, WaybillHeaders.ID)))
                    .findFirst()
                    .orElseThrow();
            assertThat(deadLettered.topic()).isEqualTo(deadLetterTopic);
            assertThat(deadLettered.value()).isNull();
            assertThat(headers(deadLettered))
                    .containsEntry(WaybillHeaders.DLQ_REASON, "record-too-large")
                    .containsEntry(WaybillHeaders.DLQ_INTENDED_TOPIC, validTopic)
                    .containsEntry("ce_waybillcollector", "collector-test");
            ConsumerRecord<byte[], byte[]> next = seen.stream()
                    .filter(r -> after.equals(header(r, WaybillHeaders.ID)))
                    .findFirst()
                    .orElseThrow();
            assertThat(next.topic()).isEqualTo(validTopic);
        }
    }

    private static Envelope event(String id, String contract, String data) {
        return new Envelope(
                id,
                "Clicked",
                null,
                "s-1",
                null,
                contract,
                "1.0.0",
                null,
                null,
                data.getBytes(StandardCharsets.UTF_8),
                Map.of());
    }
}
