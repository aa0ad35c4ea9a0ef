package dev.waybill.collector;

import dev.waybill.collector.internal.CollectorMetrics;
import dev.waybill.collector.internal.EventSink;
import dev.waybill.collector.internal.HttpApi;
import dev.waybill.collector.internal.KafkaHealth;
import dev.waybill.collector.internal.RateLimits;
import dev.waybill.collector.internal.RawRecords;
import dev.waybill.collector.internal.Tokens;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code waybill collect}: the HTTP gateway for events that no database holds. It checks each event's envelope,
 * never its payload, and writes it unchanged to its contract's raw topic ({@code <contract>.raw}); {@code waybill
 * validate} applies the contracts downstream. Stateless: run as many as the load needs behind a load balancer.
 *
 * <pre>{@code
 * try (Collector collector = Collector.start(CollectorConfig.builder(Scope.COLLECT)
 *         .kafka("kafka-1:9092")
 *         .set(CollectorSettings.TOKENS, Path.of("/run/secrets/collector-tokens"))
 *         .build())) {
 *     ... POST http://localhost:8080/v1/events
 * }
 * }</pre>
 */
public final class Collector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

    private final CollectorConfig config;
    private final Vertx vertx;
    private final HttpServer server;
    private final HttpApi api;
    private final EventSink sink;
    private final KafkaHealth kafka;
    private final ScheduledExecutorService background;
    private volatile boolean closed;

    private Collector(
            CollectorConfig config,
            Vertx vertx,
            HttpServer server,
            HttpApi api,
            EventSink sink,
            KafkaHealth kafka,
            ScheduledExecutorService background) {
        this.config = config;
        this.vertx = vertx;
        this.server = server;
        this.api = api;
        this.sink = sink;
        this.kafka = kafka;
        this.background = background;
    }

    /**
     * Starts listening; Kafka need not be up (readiness says when it is).
     *
     * @throws CollectorConfigException when a setting (or the token file) is wrong
     */
    public static Collector start(CollectorConfig config) {
        if (config.scope() != CollectorSetting.Scope.COLLECT) {
            throw new IllegalArgumentException("the configuration is for waybill validate, not collect");
        }
        String instance = config.get(CollectorSettings.INSTANCE);
        CollectorMetrics metrics = new CollectorMetrics(instance);
        Path tokenPath = config.get(CollectorSettings.TOKENS);
        Tokens tokens = tokenPath == null ? null : new Tokens(tokenPath, metrics);
        EventSink sink = EventSink.create(config, metrics);
        metrics.buffer(sink::bufferedEvents, sink::bufferedBytes);
        KafkaHealth kafka = new KafkaHealth(config.get(CollectorSettings.BOOTSTRAP_SERVERS), config.producer());
        ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "waybill-collector-background");
            thread.setDaemon(true);
            return thread;
        });
        if (tokens != null) {
            long reload = config.get(CollectorSettings.TOKENS_RELOAD_INTERVAL).toMillis();
            background.scheduleWithFixedDelay(tokens::reloadIfChanged, reload, reload, TimeUnit.MILLISECONDS);
        }
        background.scheduleWithFixedDelay(() -> kafka.check(Duration.ofSeconds(3)), 0, 2, TimeUnit.SECONDS);
        Vertx vertx = Vertx.vertx(
                new VertxOptions().setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
        String mode = CollectorSettingTypeNames.name(config.get(CollectorSettings.ACK_MODE));
        HttpApi api = new HttpApi(new HttpApi.Parts(
                vertx,
                tokens,
                config.get(CollectorSettings.ANONYMOUS),
                new RateLimits(
                        config.get(CollectorSettings.RATE_LIMIT), config.get(CollectorSettings.RATE_LIMIT_BURST)),
                sink,
                new RawRecords(
                        config.get(CollectorSettings.RAW_TOPIC_SUFFIX), config.get(CollectorSettings.SOURCE), instance),
                metrics,
                kafka,
                mode,
                config.get(CollectorSettings.MAX_REQUEST_SIZE),
                config.get(CollectorSettings.MAX_EVENTS),
                config.get(CollectorSettings.MAX_EVENT_SIZE),
                config.get(CollectorSettings.MAX_ATTRIBUTE_LENGTH),
                config.get(CollectorSettings.RAW_TOPIC_SUFFIX),
                config.get(CollectorSettings.RECORD_CLIENT_ADDRESS),
                config.get(CollectorSettings.TRUST_FORWARDED_FOR),
                config.get(CollectorSettings.CORS_ORIGINS)));
        HttpServer server;
        try {
            server = vertx.createHttpServer(new HttpServerOptions()
                            .setHost(config.get(CollectorSettings.HTTP_HOST))
                            .setPort(config.get(CollectorSettings.HTTP_PORT))
                            .setHandle100ContinueAutomatically(true))
                    .requestHandler(api::handle)
                    .invalidRequestHandler(api::invalid)
                    .listen()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get();
        } catch (ExecutionException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            background.shutdownNow();
            kafka.close();
            sink.close(Duration.ZERO);
            vertx.close();
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CollectorConfigException("http.host/http.port: cannot listen on "
                    + config.get(CollectorSettings.HTTP_HOST) + ":" + config.get(CollectorSettings.HTTP_PORT) + ": "
                    + cause.getMessage());
        }
        LOG.info(
                "Collecting on port {} ({} mode, {} tokens)",
                server.actualPort(),
                mode,
                tokens == null ? "no" : tokens.size());
        return new Collector(config, vertx, server, api, sink, kafka, background);
    }

    /** The port it listens on (useful with {@code http.port: 0}). */
    public int port() {
        return server.actualPort();
    }

    /** Whether {@code /health/ready} answers 200. */
    public boolean ready() {
        return api.ready();
    }

    /**
     * Stops: readiness goes false, the listener closes, requests in flight are answered, and in {@code buffered}
     * mode the buffer drains into Kafka, all within {@code collector.shutdown-timeout}.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Duration timeout = config.get(CollectorSettings.SHUTDOWN_TIMEOUT);
        long deadline = System.nanoTime() + timeout.toNanos();
        api.stopping();
        try {
            server.close().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("The HTTP listener did not close cleanly: {}", e.toString());
        }
        while (api.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        sink.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        background.shutdownNow();
        kafka.close();
        vertx.close();
    }

    private static final class CollectorSettingTypeNames {
        static String name(AckMode mode) {
            return mode == AckMode.KAFKA ? "kafka" : "buffered";
        }
    }
}
