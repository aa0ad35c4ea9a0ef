package dev.waybill.collector.validate;

import dev.waybill.routing.RoutedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KafkaStreams;

/** The validator's Prometheus metrics: events by outcome and reason, contract reloads, and Kafka Streams' own. */
final class ValidatorMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    ValidatorMetrics(String instance) {
        registry.config().commonTags("validator", instance);
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
    }

    void bind(KafkaStreams streams) {
        new KafkaStreamsMetrics(streams).bindTo(registry);
    }

    void routed(RoutedEvent routed) {
        String reason = routed.rejection().map(r -> r.reason().code()).orElse("");
        String outcome = routed.deadLettered() ? "dead-lettered" : "valid";
        counters.computeIfAbsent(
                        outcome + "/" + reason,
                        key -> Counter.builder("waybill_validator_events")
                                .description("raw events routed, by outcome and dead-letter reason")
                                .tag("outcome", outcome)
                                .tag("reason", reason)
                                .register(registry))
                .increment();
    }

    void contractReload(boolean ok) {
        counters.computeIfAbsent(
                        "reload/" + ok,
                        key -> Counter.builder("waybill_validator_contract_reloads")
                                .description("contract directory reloads")
                                .tag("outcome", ok ? "success" : "failure")
                                .register(registry))
                .increment();
    }

    String scrape() {
        return registry.scrape();
    }
}
