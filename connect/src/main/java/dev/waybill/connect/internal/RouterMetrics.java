package dev.waybill.connect.internal;

import dev.waybill.contracts.ContractStatus;
import dev.waybill.contracts.DataContract;
import dev.waybill.contracts.DeadLetterReason;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Measurable;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Max;

/**
 * The transform's metrics, registered with Connect's own metrics (KIP-877 {@link PluginMetrics}): Connect tags them
 * with the connector, the task and the transform's alias and reports them through its metrics reporters, JMX by
 * default (MBeans {@code kafka.connect:type=plugins,connector=...,task=...,...}), which the Prometheus JMX exporter
 * reads like the rest of Connect's. Names and meanings follow the relay's meters (docs/connect.md).
 */
final class RouterMetrics {

    static final RouterMetrics NONE = new RouterMetrics(null);

    private final PluginMetrics metrics;
    private final Map<String, Sensor> sensors = new ConcurrentHashMap<>();
    private final Map<String, MetricName> gauges = new ConcurrentHashMap<>();

    RouterMetrics(PluginMetrics metrics) {
        this.metrics = metrics;
    }

    void published(DataContract contract, long commitToRouteMillis) {
        if (metrics == null) {
            return;
        }
        String id = contract.id();
        String version = contract.version().toString();
        count(
                "waybill-events-published-total",
                "Events routed to their contract's topic",
                tags("contract", id, "version", version));
        if (contract.status() == ContractStatus.DEPRECATED) {
            count(
                    "waybill-events-deprecated-total",
                    "Events routed for a deprecated contract version",
                    tags("contract", id, "version", version));
        }
        if (commitToRouteMillis < 0) {
            return;
        }
        LinkedHashMap<String, String> byContract = tags("contract", id);
        sensor("latency|" + id, sensor -> {
                    sensor.add(
                            metrics.metricName(
                                    "waybill-commit-to-route-seconds-avg",
                                    "Average time from the outbox transaction's commit to its routing, seconds",
                                    byContract),
                            new Avg());
                    sensor.add(
                            metrics.metricName(
                                    "waybill-commit-to-route-seconds-max",
                                    "Longest time from the outbox transaction's commit to its routing, seconds",
                                    byContract),
                            new Max());
                })
                .record(commitToRouteMillis / 1000.0);
        Duration sla = contract.latencySla().orElse(null);
        if (sla != null) {
            gauge(
                    "waybill-sla-latency-seconds",
                    "The contract's latency SLA, seconds",
                    byContract,
                    sla.toMillis() / 1000.0);
            count(
                    "waybill-sla-latency-events-total",
                    "Events whose commit-to-route latency met or violated the contract's latency SLA",
                    tags("contract", id, "outcome", commitToRouteMillis <= sla.toMillis() ? "met" : "violated"));
        }
    }

    void deadLettered(String contract, String version, DeadLetterReason reason) {
        if (metrics == null) {
            return;
        }
        count(
                "waybill-events-dead-lettered-total",
                "Events routed to a dead-letter topic, by reason",
                tags(
                        "contract",
                        contract == null ? "" : contract,
                        "version",
                        version == null ? "" : version,
                        "reason",
                        reason.code()));
    }

    void contractReload(boolean success) {
        if (metrics == null) {
            return;
        }
        count(
                "waybill-contract-reloads-total",
                "Contract catalog reloads",
                tags("outcome", success ? "success" : "failure"));
    }

    void close() {
        if (metrics == null) {
            return;
        }
        sensors.keySet().forEach(key -> metrics.removeSensor("waybill:" + key));
        gauges.values().forEach(metrics::removeMetric);
    }

    private void count(String name, String description, LinkedHashMap<String, String> tags) {
        sensor(name + tags, sensor -> sensor.add(metrics.metricName(name, description, tags), new CumulativeCount()))
                .record();
    }

    private void gauge(String name, String description, LinkedHashMap<String, String> tags, double value) {
        gauges.computeIfAbsent(name + tags, key -> {
            MetricName metricName = metrics.metricName(name, description, tags);
            metrics.addMetric(metricName, (Measurable) (config, now) -> value);
            return metricName;
        });
    }

    private Sensor sensor(String key, java.util.function.Consumer<Sensor> define) {
        return sensors.computeIfAbsent(key, name -> {
            Sensor sensor = metrics.addSensor("waybill:" + name);
            define.accept(sensor);
            return sensor;
        });
    }

    private static LinkedHashMap<String, String> tags(String... keyValues) {
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            tags.put(keyValues[i], keyValues[i + 1]);
        }
        return tags;
    }
}
