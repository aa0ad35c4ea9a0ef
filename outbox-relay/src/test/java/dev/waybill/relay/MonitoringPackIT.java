package dev.waybill.relay;

import static dev.waybill.relay.RelayFixture.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The alert rules and the dashboard in deploy/ ask only for metrics a real relay exposes, under those names. */
@WaybillTest
class MonitoringPackIT {

    @Test
    void everyMetricTheAlertsAndTheDashboardUseIsInTheRelaysMetrics(TestDatabase database, TestKafka kafka)
            throws Exception {
        RelayFixture.migrate(database);
        try (Relay relay =
                Relay.start(RelayFixture.relay(database, kafka, "monitoring").build())) {
            await().atMost(Duration.ofSeconds(60)).until(relay::ready);
            // A valid and an invalid event, so that the per-contract series exist.
            RelayFixture.write(database, List.of(order("ORD-300001", 10), order("bad id", -1)));
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> relay.scrapeMetrics().contains("waybill_events_published_total{")
                            && relay.scrapeMetrics().contains("waybill_events_dead_lettered_total{"));
            // GC pauses are timed from the first collection after the relay started; a running relay has had many.
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                System.gc();
                return relay.scrapeMetrics().contains("jvm_gc_pause_seconds_count{");
            });

            Set<String> exposed = exposedNames(relay.scrapeMetrics());
            TreeMap<String, String> missing = new TreeMap<>();
            for (String expression : MonitoringPack.expressions()) {
                for (String name : MonitoringPack.metricNames(expression)) {
                    if (!exposed.contains(name)) {
                        missing.put(name, expression);
                    }
                }
            }

            assertThat(missing)
                    .as("metrics used in deploy/ (with an expression using each) that /metrics does not expose; "
                            + "it does expose: " + exposed)
                    .isEmpty();
        }
    }

    @Test
    void rulesAndDashboardCoverEveryRelayMeter() throws Exception {
        Set<String> used = new TreeSet<>();
        for (String expression : MonitoringPack.expressions()) {
            used.addAll(MonitoringPack.metricNames(expression));
        }

        assertThat(used)
                .contains(
                        "waybill_relay_active",
                        "waybill_relay_ready",
                        "waybill_replication_slot_lag_bytes",
                        "waybill_events_published_total",
                        "waybill_events_dead_lettered_total",
                        "waybill_sla_latency_events_total",
                        "waybill_sla_latency_seconds",
                        "waybill_contract_reloads_total",
                        "waybill_commit_to_ack_seconds_bucket",
                        "jvm_memory_used_bytes",
                        "jvm_gc_pause_seconds_sum");
    }

    /** The sample names in Prometheus's text format: a histogram's _bucket, _count and _sum each count. */
    private static Set<String> exposedNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }
}
