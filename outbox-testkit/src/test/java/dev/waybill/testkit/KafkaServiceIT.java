package dev.waybill.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@WaybillTest
class KafkaServiceIT {

    @Test
    void idempotentProducerRecordIsReadBackByAConsumer(TestKafka kafka) throws Exception {
        String topic = kafka.uniqueTopic("testkit");
        Properties producerProperties = kafka.clientProperties();
        producerProperties.setProperty("acks", "all");
        producerProperties.setProperty("enable.idempotence", "true");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(producerProperties, new StringSerializer(), new StringSerializer())) {
            RecordMetadata metadata = producer.send(new ProducerRecord<>(topic, "order-1", "{\"n\":1}"))
                    .get();
            assertThat(metadata.offset()).isZero();
        }

        Properties consumerProperties = kafka.clientProperties();
        consumerProperties.setProperty("group.id", kafka.uniqueTopic("group"));
        consumerProperties.setProperty("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerProperties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            }
            assertThat(received).singleElement().satisfies(record -> {
                assertThat(record.key()).isEqualTo("order-1");
                assertThat(record.value()).isEqualTo("{\"n\":1}");
            });
        }
    }

    @Test
    void uniqueTopicNamesDiffer(TestKafka kafka) {
        assertThat(kafka.uniqueTopic("orders")).startsWith("orders-").isNotEqualTo(kafka.uniqueTopic("orders"));
    }
}
