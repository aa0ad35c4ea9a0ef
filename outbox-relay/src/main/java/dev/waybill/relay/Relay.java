package dev.waybill.relay;

import dev.waybill.outbox.WaybillException;
import dev.waybill.relay.internal.RelayRuntime;
import java.util.concurrent.CompletableFuture;

/**
 * The Waybill relay: tails the outbox through logical replication and publishes each event to its contract's
 * topic, or to a dead-letter topic with the reason. Usually run as {@code waybill relay --config relay.yaml}; this
 * class is the same thing for embedding and tests.
 *
 * <pre>{@code
 * try (Relay relay = Relay.start(RelayConfig.load(Optional.of(file), System.getenv()))) {
 *     relay.terminated().join();
 * }
 * }</pre>
 */
public final class Relay implements AutoCloseable {

    private final RelayRuntime runtime;

    private Relay(RelayRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Checks the database, the outbox, its publication and replication slot, and the contracts, then starts
     * streaming.
     *
     * @throws ConfigurationException when something must be fixed first; the message says what
     */
    public static Relay start(RelayConfig config) {
        return new Relay(RelayRuntime.start(config));
    }

    /**
     * As {@link #start(RelayConfig)} for a relay inside an application: its meters are registered in {@code
     * application} too (the application's registry, such as Spring Boot's), besides its own Prometheus registry. The
     * JVM's meters stay out of it: the application has its own. They leave {@code application} when the relay stops.
     */
    public static Relay start(RelayConfig config, io.micrometer.core.instrument.MeterRegistry application) {
        return new Relay(RelayRuntime.start(config, java.util.Objects.requireNonNull(application)));
    }

    /** Running, and no component has failed. */
    public boolean live() {
        return runtime.live();
    }

    /** Streaming from the replication slot, and Kafka is reachable. */
    public boolean ready() {
        return runtime.ready();
    }

    /** Whether this relay captures and publishes, or waits on standby for the active relay of its stream. */
    public RelayRole role() {
        return runtime.role();
    }

    /** The port of the health and metrics endpoints (useful with {@code http.port: 0}); -1 with {@code http.enabled: false}. */
    public int httpPort() {
        return runtime.httpPort();
    }

    /** The Prometheus text exposition of the relay's metrics. */
    public String scrapeMetrics() {
        return runtime.metrics().scrape();
    }

    /** The relay's meters (Micrometer), for embedding applications and dev mode. */
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return runtime.metrics().registry();
    }

    /** Completes when the relay stopped: closed, or failed ({@link #failure()} says why). */
    public CompletableFuture<Void> terminated() {
        return runtime.terminated();
    }

    /** Why the relay stopped by itself, or {@code null}. */
    public WaybillException failure() {
        return runtime.failure();
    }

    /** Stops within {@code relay.shutdown-timeout}: finishes the batch in flight and stores the offsets. */
    @Override
    public void close() {
        runtime.close();
    }
}
