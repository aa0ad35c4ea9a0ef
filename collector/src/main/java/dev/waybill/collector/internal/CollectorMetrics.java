package dev.waybill.collector.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The collector's Prometheus metrics, scraped at {@code /metrics}; names documented in docs/collector.md. */
public final class CollectorMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public CollectorMetrics(String instance) {
        registry.config().commonTags("collector", instance);
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
    }

    /** Gauges of what the buffer holds (0 in {@code kafka} mode). */
    public void buffer(Supplier<Number> events, Supplier<Number> bytes) {
        // Gauge.builder(name, supplier) holds the supplier strongly (the object form holds a weak reference).
        Gauge.builder("waybill_collector_buffered_events", events)
                .description("events accepted and not yet acknowledged by Kafka (buffered mode)")
                .register(registry);
        Gauge.builder("waybill_collector_buffered_bytes", bytes)
                .description("payload bytes accepted and not yet acknowledged by Kafka (buffered mode)")
                .register(registry);
    }

    public void accepted(String producer, int events) {
        counter("waybill_collector_events_accepted", "events accepted", "producer", producer)
                .increment(events);
    }

    /** A request answered with an error; {@code reason} is the error code of its body. */
    public void rejected(String reason, int status) {
        counters.computeIfAbsent(
                        "rejected/" + reason + "/" + status,
                        key -> Counter.builder("waybill_collector_requests_rejected")
                                .description("requests answered with an error, by error code and status")
                                .tag("reason", reason)
                                .tag("status", String.valueOf(status))
                                .register(registry))
                .increment();
    }

    public void request(String outcome, Duration duration) {
        timers.computeIfAbsent(
                        outcome,
                        key -> Timer.builder("waybill_collector_request")
                                .description("POST /v1/events, from the first byte read to the response")
                                .tag("outcome", outcome)
                                .publishPercentiles(0.5, 0.99)
                                .publishPercentileHistogram()
                                .register(registry))
                .record(duration);
    }

    public void kafkaFailure(Throwable failure) {
        counter(
                        "waybill_collector_kafka_failures",
                        "failed sends to Kafka, by exception",
                        "exception",
                        failure.getClass().getSimpleName())
                .increment();
    }

    /** Accepted events that never reached Kafka (logged as errors): refused by Kafka, or left at shutdown. */
    public void lost(long events) {
        counter("waybill_collector_events_lost", "accepted events that never reached Kafka (logged)", "", "")
                .increment(events);
    }

    public void tokenReload(boolean ok) {
        counter("waybill_collector_token_reloads", "token file reloads", "outcome", ok ? "ok" : "failed")
                .increment();
    }

    private Counter counter(String name, String description, String tag, String value) {
        return counters.computeIfAbsent(name + "/" + value, key -> {
            Counter.Builder builder = Counter.builder(name).description(description);
            if (!tag.isEmpty()) {
                builder.tag(tag, value);
            }
            return builder.register(registry);
        });
    }

    public String scrape() {
        return registry.scrape();
    }
}
