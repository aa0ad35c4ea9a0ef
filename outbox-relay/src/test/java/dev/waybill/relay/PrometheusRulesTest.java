package dev.waybill.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The alert rules in deploy/prometheus load into Prometheus, and each one fires exactly where its tests say. */
class PrometheusRulesTest {

    private static Promtool promtool;

    @BeforeAll
    static void obtainPromtool() throws Exception {
        promtool = Promtool.obtain();
    }

    @Test
    void metricNamesOfAnExpressionAreItsSelectorsNotItsFunctionsLabelsOrKeywords() {
        assertThat(MonitoringPack.metricNames("sum by (relay, contract) (rate(waybill_events_dead_lettered_total"
                        + "{reason=\"x\"}[5m])) * 60 > 1e3 and on (relay) up offset 5m"))
                .containsExactly("up", "waybill_events_dead_lettered_total");
        assertThat(MonitoringPack.metricNames("label_values(waybill_relay_active, relay)"))
                .containsExactly("waybill_relay_active");
        assertThat(MonitoringPack.metricNames(
                        "histogram_quantile(0.99, sum by (le) (rate(a_bucket[$__rate_interval])))"))
                .containsExactly("a_bucket");
    }

    @Test
    void rulesFilePassesPromtoolCheck() throws Exception {
        Promtool.Result check =
                promtool.execute(MonitoringPack.DEPLOY, "check", "rules", MonitoringPack.RULES.toString());

        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void everyAlertBehavesAsItsPromtoolTestsSay() throws Exception {
        Promtool.Result test = promtool.execute(
                MonitoringPack.RULE_TESTS.getParent(),
                "test",
                "rules",
                MonitoringPack.RULE_TESTS.getFileName().toString());

        assertThat(test.exitCode()).as(test.output()).isZero();
    }

    @Test
    void everyAlertHasATestWhereItFiresAndOneWhereItDoesNot() throws Exception {
        Set<String> firing = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (JsonNode test : MonitoringPack.ruleTests().path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                (check.path("exp_alerts").isEmpty() ? quiet : firing)
                        .add(check.path("alertname").asText());
            }
        }
        List<String> alerts = MonitoringPack.alerts().stream()
                .map(alert -> alert.path("alert").asText())
                .toList();

        assertThat(alerts).hasSizeGreaterThanOrEqualTo(8);
        assertThat(firing).as("alerts tested firing").containsAll(alerts);
        assertThat(quiet).as("alerts tested quiet").containsAll(alerts);
    }

    @Test
    void everyAlertWaitsHasASeverityAndSaysWhatToDoWithALinkToItsSection() throws Exception {
        String monitoring = Files.readString(MonitoringPack.DEPLOY.resolveSibling("docs/monitoring.md"));
        for (JsonNode alert : MonitoringPack.alerts()) {
            String name = alert.path("alert").asText();
            assertThat(alert.path("for").asText()).as(name + " for").isNotEmpty();
            assertThat(alert.path("labels").path("severity").asText())
                    .as(name + " severity")
                    .isIn("critical", "warning");
            assertThat(alert.path("annotations").path("summary").asText())
                    .as(name + " summary")
                    .isNotEmpty();
            assertThat(alert.path("annotations").path("description").asText())
                    .as(name + " description")
                    .contains("docs/monitoring.md#" + name.toLowerCase(Locale.ROOT));
            assertThat(monitoring).as("docs/monitoring.md section").contains("\n### " + name + "\n");
        }
    }
}
