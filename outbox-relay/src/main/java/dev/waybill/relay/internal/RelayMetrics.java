package dev.waybill.relay.internal;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.DataContract;
import dev.waybill.contracts.DeadLetterReason;
import dev.waybill.contracts.ShadowResult;
import dev.waybill.contracts.ValidationResult;
import dev.waybill.relay.RelayRole;
import dev.waybill.routing.CapturedEvent;
import dev.waybill.routing.ShadowTally;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The relay's Prometheus metrics; names and labels are documented in docs/relay.md. */
public final class RelayMetrics {

    /** The sidecar's own registry, scraped at {@code /metrics}: the relay's meters and the JVM's. */
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Where the relay's meters are registered: the Prometheus registry, and an embedding application's. */
    private final CompositeMeterRegistry registry = new CompositeMeterRegistry();
    /** The embedding application's registry, or {@code null}. */
    private final MeterRegistry application;

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> slaSeconds = new ConcurrentHashMap<>();
    private final AtomicLong slotLagBytes = new AtomicLong(-1);
    private final AtomicLong ready = new AtomicLong();
    private final AtomicLong active = new AtomicLong();
    /** What each proposed contract version would do with live events; counted here and reported over HTTP. */
    private final ShadowTally shadows = new ShadowTally();

    /** @param relayName every meter is tagged {@code relay=<relay.name>}: alerts group the relays of a stream by it */
    RelayMetrics(String relayName) {
        this(relayName, null);
    }

    /**
     * @param application an embedding application's registry that gets the relay's meters too (not the JVM's: the
     *     application has its own), or {@code null}
     */
    RelayMetrics(String relayName, MeterRegistry application) {
        this.application = application;
        prometheus.config().commonTags("relay", relayName);
        registry.config().commonTags("relay", relayName);
        registry.add(prometheus);
        if (application != null) {
            registry.add(application);
        }
        // The JVM's own meters: heap, GC, threads, CPU, so footprint is visible next to throughput.
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(prometheus);
        new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics().bindTo(prometheus);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(prometheus);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(prometheus);
        new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(prometheus);
        Gauge.builder("waybill_replication_slot_lag_bytes", slotLagBytes, AtomicLong::get)
                .description("WAL the relay's replication slot holds back (current WAL position - confirmed flush)")
                .baseUnit("bytes")
                .register(registry);
        Gauge.builder("waybill_relay_active", active, AtomicLong::get)
                .description("1 when this relay is the active one of its stream (captures and publishes), 0 on standby")
                .register(registry);
        Gauge.builder("waybill_relay_ready", ready, AtomicLong::get)
                .description("1 when streaming from the slot and Kafka is reachable")
                .register(registry);
        // Both outcomes exist from the start, at 0: Prometheus's increase() cannot count a series' first sample, so
        // a first failed reload that created its series would never reach the alert on it.
        reloads(true);
        reloads(false);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return prometheus.scrape();
    }

    /** Takes the relay's meters out of the application's registry: their values stop with the relay. */
    void close() {
        if (application != null) {
            registry.getMeters().forEach(meter -> application.removeByPreFilterId(meter.getId()));
            registry.remove(application);
        }
    }

    /** The meters one contract version's published events touch, resolved once (this runs for every event). */
    private record PublishMeters(
            Counter published, Counter deprecated, Timer latency, Duration sla, Counter slaMet, Counter slaViolated) {}

    // Keyed by id and version, not by the contract: a record's hashCode would hash its whole document every event.
    private record Coordinates(String id, dev.waybill.outbox.SemanticVersion version) {}

    private final Map<Coordinates, PublishMeters> publishMeters = new ConcurrentHashMap<>();

    void published(DataContract contract, long commitToAckMillis) {
        PublishMeters meters = publishMeters.computeIfAbsent(
                new Coordinates(contract.id(), contract.version()), key -> publishMeters(contract));
        meters.published().increment();
        if (meters.deprecated() != null) {
            meters.deprecated().increment();
        }
        if (commitToAckMillis >= 0) {
            meters.latency().record(commitToAckMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (meters.sla() != null) {
                (commitToAckMillis <= meters.sla().toMillis() ? meters.slaMet() : meters.slaViolated()).increment();
            }
        }
    }

    /**
     * A down-converted copy published to its version's topic: counted as published for that version, but neither as
     * a use of a deprecated version (that counter finds producers still writing it) nor in the latency of events.
     */
    void publishedCopy(DataContract contract) {
        publishMeters
                .computeIfAbsent(new Coordinates(contract.id(), contract.version()), key -> publishMeters(contract))
                .published()
                .increment();
    }

    private PublishMeters publishMeters(DataContract contract) {
        String id = contract.id();
        String version = contract.version().toString();
        Duration sla = contract.latencySla().orElse(null);
        if (sla != null) {
            slaGauge(id, sla);
        }
        String slaName = "waybill_sla_latency_events_total";
        String slaHelp = "Events whose commit-to-ack latency met or violated the contract's latency SLA";
        return new PublishMeters(
                counter(
                        "waybill_events_published_total",
                        "Events published to their contract's topic",
                        "contract",
                        id,
                        "version",
                        version),
                contract.status() == dev.waybill.contracts.ContractStatus.DEPRECATED
                        ? counter(
                                "waybill_events_deprecated_total",
                                "Events published for a deprecated contract version",
                                "contract",
                                id,
                                "version",
                                version)
                        : null,
                timer(id),
                sla,
                sla == null ? null : counter(slaName, slaHelp, "contract", id, "outcome", "met"),
                sla == null ? null : counter(slaName, slaHelp, "contract", id, "outcome", "violated"));
    }

    void deadLettered(String contract, String version, DeadLetterReason reason) {
        counter(
                        "waybill_events_dead_lettered_total",
                        "Events sent to a dead-letter topic, by reason",
                        "contract",
                        contract == null ? "" : contract,
                        "version",
                        version == null ? "" : version,
                        "reason",
                        reason.code())
                .increment();
    }

    void contractReload(boolean success) {
        if (success) {
            publishMeters.clear(); // a reload may change a version's status or SLA
        }
        reloads(success).increment();
    }

    private Counter reloads(boolean success) {
        return counter(
                "waybill_contract_reloads_total",
                "Contract catalog reloads",
                "outcome",
                success ? "success" : "failure");
    }

    ShadowTally shadows() {
        return shadows;
    }

    /** Shadows the proposed versions of {@code catalog} from now on, their counters at 0 from the start. */
    void shadowsOf(ContractCatalog catalog) {
        shadows.track(catalog);
        for (DataContract proposed : catalog.shadowed()) {
            shadowEvents(proposed, true);
            shadowEvents(proposed, false);
        }
    }

    /** One event checked against a proposed version in shadow (a {@link dev.waybill.routing.ShadowListener}). */
    void shadowChecked(CapturedEvent event, ShadowResult result) {
        if (!shadows.record(event, result)) {
            return; // routed with a catalog since reloaded: that version is no longer shadowed as it was
        }
        shadowEvents(result.proposed(), result.wouldPass()).increment();
        if (result.result() instanceof ValidationResult.Rejected rejected) {
            counter(
                            "waybill_shadow_failures_total",
                            "Events a proposed contract version would dead-letter, by reason",
                            "contract",
                            result.proposed().id(),
                            "version",
                            result.proposed().version().toString(),
                            "reason",
                            rejected.reason().code())
                    .increment();
        }
    }

    private Counter shadowEvents(DataContract proposed, boolean wouldPass) {
        return counter(
                "waybill_shadow_events_total",
                "Events of the version a proposed contract version would replace, checked against it in shadow",
                "contract",
                proposed.id(),
                "version",
                proposed.version().toString(),
                "outcome",
                wouldPass ? "would-pass" : "would-fail");
    }

    void role(RelayRole role) {
        active.set(role == RelayRole.ACTIVE ? 1 : 0);
    }

    void slotLag(long bytes) {
        slotLagBytes.set(bytes);
    }

    void ready(boolean isReady) {
        ready.set(isReady ? 1 : 0);
    }

    private Timer timer(String contract) {
        return timers.computeIfAbsent(
                contract,
                id -> Timer.builder("waybill_commit_to_ack")
                        .description("From the outbox transaction's commit to Kafka's acknowledgement of the event")
                        .tag("contract", id)
                        .publishPercentileHistogram()
                        .publishPercentiles(0.5, 0.99)
                        .minimumExpectedValue(Duration.ofMillis(1))
                        .maximumExpectedValue(Duration.ofMinutes(5))
                        .register(registry));
    }

    private void slaGauge(String contract, Duration sla) {
        slaSeconds
                .computeIfAbsent(contract, id -> {
                    AtomicLong millis = new AtomicLong();
                    Gauge.builder("waybill_sla_latency_seconds", millis, value -> value.get() / 1000.0)
                            .description("The contract's latency SLA (slaProperties latency)")
                            .tag("contract", id)
                            .register(registry);
                    return millis;
                })
                .set(sla.toMillis());
    }

    private Counter counter(String name, String description, String... tags) {
        String key = name + String.join("|", tags);
        return counters.computeIfAbsent(
                key,
                k -> Counter.builder(name).description(description).tags(tags).register(registry));
    }
}
