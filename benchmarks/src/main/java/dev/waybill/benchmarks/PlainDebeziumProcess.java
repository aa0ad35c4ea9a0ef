package dev.waybill.benchmarks;

import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * {@link PlainDebezium}'s pipeline as a process of its own, so the cold-start benchmark can run it the way it runs the
 * relay's distribution: a fresh JVM with the same heap cap, until SIGTERM.
 *
 * <pre>java -Xmx128m -cp benchmarks.jar dev.waybill.benchmarks.PlainDebeziumProcess \
 *     JDBC_URL USER SLOT PUBLICATION TOPIC_PREFIX BOOTSTRAP_SERVERS OFFSETS_FILE</pre>
 *
 * The password comes from {@value #PASSWORD_VARIABLE}, as the relay's does from its environment.
 */
public final class PlainDebeziumProcess {

    static final String PASSWORD_VARIABLE = "PLAIN_DEBEZIUM_DATABASE_PASSWORD";

    private PlainDebeziumProcess() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: PlainDebeziumProcess JDBC_URL USER SLOT PUBLICATION TOPIC_PREFIX "
                    + "BOOTSTRAP_SERVERS OFFSETS_FILE (password in " + PASSWORD_VARIABLE + ")");
            System.exit(2);
        }
        Properties properties =
                PlainDebezium.properties(args[0], args[1], System.getenv(PASSWORD_VARIABLE), args[2], args[3], args[4]);
        Path offsets = Path.of(args[6]);
        Files.createDirectories(offsets.toAbsolutePath().getParent());
        properties.setProperty("offset.storage.file.filename", offsets.toString());
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean failed = new AtomicBoolean();
        DebeziumEngine.CompletionCallback completion = (success, message, error) -> {
            if (!success) {
                System.err.println("plain Debezium failed: " + message);
                if (error != null) {
                    error.printStackTrace();
                }
                failed.set(true);
            }
        };
        try (KafkaProducer<byte[], byte[]> producer = PlainDebezium.producer(args[5])) {
            DebeziumEngine<RecordChangeEvent<SourceRecord>> engine =
                    PlainDebezium.engine(properties, producer, () -> {}, completion, sent -> {});
            // SIGTERM: close the engine (it commits what was acknowledged) before the producer closes.
            Thread shutdown = new Thread(
                    () -> {
                        try {
                            engine.close();
                            stopped.await();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    },
                    "plain-debezium-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdown);
            try {
                engine.run();
            } finally {
                stopped.countDown();
            }
        }
        if (failed.get()) {
            System.exit(1);
        }
    }
}
