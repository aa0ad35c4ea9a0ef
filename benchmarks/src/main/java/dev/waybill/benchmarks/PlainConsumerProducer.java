package dev.waybill.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The validator's baseline: a consumer-producer loop that copies every record of the raw topics (key, value, headers)
 * to one topic, validating nothing, at least once (send the polled batch, flush, then commit its offsets).
 */
final class PlainConsumerProducer implements AutoCloseable {

    private final Thread thread;
    private volatile boolean running = true;

    private PlainConsumerProducer(String bootstrapServers, Pattern raw, String group, String out) {
        Properties consumer = new Properties();
        consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumer.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Map<String, Object> producer = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, "5");
        thread = new Thread(
                () -> {
                    try (KafkaConsumer<byte[], byte[]> in = new KafkaConsumer<>(
                                    consumer, new ByteArrayDeserializer(), new ByteArrayDeserializer());
                            KafkaProducer<byte[], byte[]> to = new KafkaProducer<>(
                                    producer, new ByteArraySerializer(), new ByteArraySerializer())) {
                        in.subscribe(raw);
                        while (running) {
                            ConsumerRecords<byte[], byte[]> records = in.poll(Duration.ofMillis(100));
                            for (ConsumerRecord<byte[], byte[]> record : records) {
                                to.send(new ProducerRecord<>(
                                        out, null, record.key(), record.value(), record.headers()));
                            }
                            if (!records.isEmpty()) {
                                to.flush();
                                in.commitSync();
                            }
                        }
                    }
                },
                "bench-plain-consumer-producer");
        thread.setDaemon(true);
        thread.start();
    }

    static PlainConsumerProducer start(String bootstrapServers, Pattern raw, String group, String out) {
        return new PlainConsumerProducer(bootstrapServers, raw, group, out);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(30_000);
    }
}
