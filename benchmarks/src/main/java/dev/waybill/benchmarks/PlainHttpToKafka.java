package dev.waybill.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The collector's baseline: the same HTTP server (Vert.x, one event loop per core) and the same producer settings
 * (acks=all, idempotent, linger.ms=5), but no checks at all. Each line of the body (one event, or one line of NDJSON)
 * goes to one topic unparsed, without a key or headers, and the request is answered once Kafka acknowledged them all,
 * as the collector's {@code kafka} mode does.
 */
final class PlainHttpToKafka implements AutoCloseable {

    private static final Buffer ACCEPTED = Buffer.buffer("{\"accepted\":true}");

    private final Vertx vertx;
    private final HttpServer server;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    private PlainHttpToKafka(String bootstrapServers, String topic) throws Exception {
        this.topic = topic;
        this.producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                        ProducerConfig.LINGER_MS_CONFIG, "5"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
        this.vertx = Vertx.vertx(
                new VertxOptions().setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
        this.server = vertx.createHttpServer(
                        new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(this::handle)
                .listen()
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    static PlainHttpToKafka start(String bootstrapServers, String topic) throws Exception {
        return new PlainHttpToKafka(bootstrapServers, topic);
    }

    int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        request.body().onSuccess(body -> {
            List<byte[]> lines = lines(body.getBytes());
            AtomicInteger pending = new AtomicInteger(lines.size());
            AtomicBoolean failed = new AtomicBoolean();
            for (byte[] line : lines) {
                producer.send(new ProducerRecord<>(topic, line), (metadata, e) -> {
                    if (e != null) {
                        failed.set(true);
                    }
                    if (pending.decrementAndGet() == 0) {
                        request.response()
                                .setStatusCode(failed.get() ? 503 : 200)
                                .putHeader("content-type", "application/json")
                                .end(ACCEPTED);
                    }
                });
            }
        });
    }

    private static List<byte[]> lines(byte[] bytes) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= bytes.length; i++) {
            if (i == bytes.length || bytes[i] == '\n') {
                if (i > start) {
                    lines.add(Arrays.copyOfRange(bytes, start, i));
                }
                start = i + 1;
            }
        }
        return lines;
    }

    @Override
    public void close() {
        server.close();
        producer.close();
        vertx.close();
    }
}
