package dev.waybill.benchmarks;

import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * What a user would build instead of Waybill: a Debezium embedded engine with Debezium's own outbox
 * {@code EventRouter} and a Kafka producer, no validation. Tuned like the relay (poll interval, batch sizes,
 * idempotent producer, acks=all, offsets after acknowledgement), so the comparison is of the work done, not of
 * defaults.
 */
final class PlainDebezium {

    private PlainDebezium() {}

    /** Seconds from the first record handed over to the acknowledgement of the last one. */
    static double drain(
            TestDatabase database, TestKafka kafka, String slot, String publication, String topicPrefix, int events)
            throws Exception {
        Path offsets = Files.createTempFile("plain-debezium-offsets", ".dat");
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
            Properties properties = properties(
                    database.jdbcUrl(), database.username(), database.password(), slot, publication, topicPrefix);
            properties.setProperty("offset.storage.file.filename", offsets.toString());
            Runnable received = () -> first.compareAndSet(0, System.nanoTime());
            AtomicReference<String> failure = new AtomicReference<>();
            DebeziumEngine.CompletionCallback completion = (success, message, error) -> {
                if (!success) {
                    failure.set(message + (error == null ? "" : ": " + error));
                }
                done.countDown();
            };
            DebeziumEngine<RecordChangeEvent<SourceRecord>> engine =
                    engine(properties, producer, received, completion, sent -> {
                        if (acknowledged.addAndGet(sent) >= events) {
                            last.compareAndSet(0, System.nanoTime());
                            done.countDown();
                        }
                    });
            ExecutorService executor = Executors.newSingleThreadExecutor();
            executor.execute(engine);
            boolean finished = done.await(10, TimeUnit.MINUTES);
            engine.close();
            executor.shutdown();
            executor.awaitTermination(1, TimeUnit.MINUTES);
            if (failure.get() != null) {
                throw new IllegalStateException("plain Debezium failed: " + failure.get());
            }
            if (!finished) {
                throw new IllegalStateException("plain Debezium acknowledged only " + acknowledged.get() + " of "
                        + events + " events in 10 minutes");
            }
        } finally {
            Files.deleteIfExists(offsets);
        }
        return (last.get() - first.get()) / 1e9;
    }

    /** The producer the pipeline sends with, set like the relay's: idempotent, {@code acks=all}, 5 ms linger. */
    static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", bootstrapServers);
        properties.setProperty("enable.idempotence", "true");
        properties.setProperty("acks", "all");
        properties.setProperty("linger.ms", "5");
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * The engine: each batch sent, every acknowledgement awaited, then the batch marked processed (so the offsets
     * never pass an unacknowledged record); {@code received} runs as each batch arrives, {@code acknowledged} hears
     * how many records each batch published, {@code completion} how the engine stopped.
     */
    static DebeziumEngine<RecordChangeEvent<SourceRecord>> engine(
            Properties properties,
            KafkaProducer<byte[], byte[]> producer,
            Runnable received,
            DebeziumEngine.CompletionCallback completion,
            IntConsumer acknowledged) {
        return DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(properties)
                .using(completion)
                .notifying((records, committer) -> {
                    received.run();
                    List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
                    for (RecordChangeEvent<SourceRecord> event : records) {
                        SourceRecord record = event.record();
                        if (record.value() == null) {
                            continue;
                        }
                        acks.add(producer.send(new ProducerRecord<>(
                                record.topic(),
                                record.key() == null ? null : bytes(record.key()),
                                bytes(record.value()))));
                    }
                    for (Future<RecordMetadata> ack : acks) {
                        try {
                            ack.get();
                        } catch (ExecutionException e) {
                            throw new IllegalStateException(e.getCause());
                        }
                    }
                    for (RecordChangeEvent<SourceRecord> event : records) {
                        committer.markProcessed(event);
                    }
                    committer.markBatchFinished();
                    acknowledged.accept(acks.size());
                })
                .build();
    }

    private static byte[] bytes(Object value) {
        return value.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The engine's settings, offsets in a file (set {@code offset.storage.file.filename}): the outbox table only,
     * streaming from the slot's position, Debezium's {@code EventRouter} routing by aggregate type to
     * {@code <topicPrefix>.<aggregate type>}.
     */
    static Properties properties(
            String jdbcUrl, String user, String password, String slot, String publication, String topicPrefix) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        Properties properties = new Properties();
        properties.setProperty("name", "plain-debezium");
        properties.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        properties.setProperty("topic.prefix", "plain");
        properties.setProperty("database.hostname", uri.getHost());
        properties.setProperty("database.port", Integer.toString(uri.getPort()));
        properties.setProperty("database.dbname", uri.getPath().substring(1));
        properties.setProperty("database.user", user);
        properties.setProperty("database.password", password);
        properties.setProperty("plugin.name", "pgoutput");
        properties.setProperty("slot.name", slot);
        properties.setProperty("publication.name", publication);
        properties.setProperty("publication.autocreate.mode", "disabled");
        properties.setProperty("table.include.list", "waybill\\.outbox");
        properties.setProperty("snapshot.mode", "no_data");
        properties.setProperty("poll.interval.ms", "10");
        properties.setProperty("max.batch.size", "2048");
        properties.setProperty("max.queue.size", "8192");
        properties.setProperty("offset.storage", "org.apache.kafka.connect.storage.FileOffsetBackingStore");
        properties.setProperty("offset.flush.interval.ms", "1000");
        properties.setProperty("transforms", "outbox");
        properties.setProperty("transforms.outbox.type", "io.debezium.transforms.outbox.EventRouter");
        properties.setProperty("transforms.outbox.table.field.event.id", "id");
        properties.setProperty("transforms.outbox.table.field.event.key", "aggregate_id");
        properties.setProperty("transforms.outbox.table.field.event.payload", "payload");
        properties.setProperty("transforms.outbox.route.by.field", "aggregate_type");
        properties.setProperty("transforms.outbox.route.topic.replacement", topicPrefix + ".${routedByValue}");
        properties.setProperty("transforms.outbox.table.expand.json.payload", "false");
        return properties;
    }
}
