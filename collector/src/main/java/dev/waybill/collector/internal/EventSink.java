package dev.waybill.collector.internal;

import dev.waybill.collector.AckMode;
import dev.waybill.collector.CollectorConfig;
import dev.waybill.collector.CollectorConfigException;
import dev.waybill.collector.CollectorSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Where accepted events go: Kafka, in the way the acknowledgement mode promises. */
public interface EventSink extends AutoCloseable {

    /**
     * Completes when the request may be answered as accepted; fails with an {@link ApiException} (503) when it may
     * not.
     */
    CompletableFuture<Void> write(List<ProducerRecord<byte[], byte[]>> records, long bytes);

    /** Events accepted but not yet acknowledged by Kafka ({@code buffered} mode; 0 otherwise). */
    long bufferedEvents();

    long bufferedBytes();

    /** Whether the sink has room: in {@code buffered} mode, the buffer is less than 90 % full. */
    boolean hasRoom();

    /** Stops taking events and waits up to {@code timeout} for Kafka to acknowledge the ones taken. */
    void close(Duration timeout);

    @Override
    default void close() {
        close(Duration.ZERO);
    }

    static EventSink create(CollectorConfig config, CollectorMetrics metrics) {
        Duration ackTimeout = config.get(CollectorSettings.ACK_TIMEOUT);
        Map<String, Object> properties = new HashMap<>();
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "waybill-collector-" + config.get(CollectorSettings.INSTANCE));
        properties.putAll(config.producer());
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(CollectorSettings.BOOTSTRAP_SERVERS));
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        AckMode mode = config.get(CollectorSettings.ACK_MODE);
        if (mode == AckMode.KAFKA) {
            long linger = Long.parseLong(String.valueOf(properties.get(ProducerConfig.LINGER_MS_CONFIG)));
            long timeout = ackTimeout.toMillis();
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(timeout));
            properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(timeout));
            properties.putIfAbsent(
                    ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(1, timeout - linger)));
        } else {
            long bufferBytes = config.get(CollectorSettings.BUFFER_MAX_BYTES);
            properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
            properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Integer.MAX_VALUE));
            // The producer's own memory must hold the whole buffer, so that send() never waits for room in it.
            properties.putIfAbsent(
                    ProducerConfig.BUFFER_MEMORY_CONFIG,
                    String.valueOf(Math.max(32L * 1024 * 1024, 2 * bufferBytes + 8L * 1024 * 1024)));
        }
        KafkaProducer<byte[], byte[]> producer;
        try {
            producer = new KafkaProducer<>(properties);
        } catch (KafkaException e) {
            throw new CollectorConfigException("the Kafka producer cannot be created from kafka.bootstrap-servers and"
                    + " kafka.producer.*: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
        }
        return mode == AckMode.KAFKA
                ? new KafkaAckSink(producer, ackTimeout, metrics)
                : new BufferedSink(
                        producer,
                        config.get(CollectorSettings.BUFFER_MAX_EVENTS),
                        config.get(CollectorSettings.BUFFER_MAX_BYTES),
                        metrics);
    }
}
