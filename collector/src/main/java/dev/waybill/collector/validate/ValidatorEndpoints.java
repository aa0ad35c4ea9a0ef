package dev.waybill.collector.validate;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code /health/live} (200 unless Kafka Streams failed for good), {@code /health/ready} (200 while it is
 * {@code RUNNING}) and {@code /metrics} of the validator.
 */
final class ValidatorEndpoints implements AutoCloseable {

    private final Vertx vertx;
    private final HttpServer server;
    private final java.util.concurrent.atomic.AtomicBoolean ready;

    private ValidatorEndpoints(Vertx vertx, HttpServer server, java.util.concurrent.atomic.AtomicBoolean ready) {
        this.vertx = vertx;
        this.server = server;
        this.ready = ready;
    }

    static ValidatorEndpoints start(String host, int port, KafkaStreams streams, ValidatorMetrics metrics) {
        Vertx vertx = Vertx.vertx();
        java.util.concurrent.atomic.AtomicBoolean ready = new java.util.concurrent.atomic.AtomicBoolean(true);
        try {
            HttpServer server = vertx.createHttpServer(
                            new HttpServerOptions().setHost(host).setPort(port))
                    .requestHandler(request -> {
                        KafkaStreams.State state = streams.state();
                        switch (request.path()) {
                            case "/health/live" ->
                                answer(request.response(), state == KafkaStreams.State.ERROR ? 503 : 200, state);
                            case "/health/ready" ->
                                answer(
                                        request.response(),
                                        ready.get() && state == KafkaStreams.State.RUNNING ? 200 : 503,
                                        state);
                            case "/metrics" ->
                                request.response()
                                        .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                                        .end(metrics.scrape());
                            default ->
                                request.response()
                                        .setStatusCode(404)
                                        .putHeader("content-type", "application/json")
                                        .end("{\"error\":\"not-found\",\"message\":\"the validator serves /health/live,"
                                                + " /health/ready and /metrics\"}");
                        }
                    })
                    .listen()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            return new ValidatorEndpoints(vertx, server, ready);
        } catch (Exception e) {
            vertx.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    private static void answer(io.vertx.core.http.HttpServerResponse response, int status, KafkaStreams.State state) {
        response.setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end("{\"status\":\"" + (status == 200 ? "UP" : "DOWN") + "\",\"streams\":\"" + state + "\"}");
    }

    void readiness(boolean ready) {
        this.ready.set(ready);
    }

    int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        server.close();
        vertx.close();
    }
}
