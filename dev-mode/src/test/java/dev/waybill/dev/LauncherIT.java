package dev.waybill.dev;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.dev.Launcher.Run;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's commands through {@code bin/waybill} itself, on the jar this build just packaged: standard output is
 * the command's result and nothing else (no logging, no logback status), so scripts can parse it.
 */
class LauncherIT {

    private static final Path JAVA_HOME = Path.of(System.getProperty("java.home"));

    private static Run waybill(String... args) throws Exception {
        return Launcher.run(Launcher.REPOSITORY, JAVA_HOME, args);
    }

    @Test
    void contractsLintOfTheExamplesAsJsonIsJsonOnly() throws Exception {
        Run run = waybill("contracts", "lint", "examples/contracts", "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.path("command").asText()).isEqualTo("lint");
        assertThat(report.path("ok").asBoolean()).isTrue();
        assertThat(report.path("contracts").findValuesAsText("topic"))
                .containsExactly(
                        "customers.customer-registered.v1",
                        "orders.order-placed.v1",
                        "orders.order-placed.v1",
                        "orders.order-placed.v1",
                        "shop.product-viewed.v1");
        assertThat(report.path("problems")).isEmpty();
        assertThat(report.path("compatibilityProblems")).isEmpty();
    }

    @Test
    void contractsLintOfTheExamplesAsTextIsTheSummary() throws Exception {
        Run run = waybill("contracts", "lint", "examples/contracts");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("lint: 5 contract versions read, 0 problems\n");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--help",
                "contracts --help",
                "relay --help",
                "migrate --help",
                "dev --help",
                "collect --help",
                "validate --help",
                "dlq --help",
                "dlq replay --help"
            })
    void helpIsTheUsageAndNothingElse(String command) throws Exception {
        Run run = waybill(command.split(" "));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: waybill").doesNotContain("|-INFO", "logback");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void helpListsEveryCommandOfTheFullExecutable() throws Exception {
        assertThat(waybill("--help").out())
                .contains(
                        "  contracts  ",
                        "  relay  ",
                        "  migrate  ",
                        "  dev  ",
                        "  collect  ",
                        "  validate  ",
                        "  dlq  ",
                        "  help  ");
    }

    @Test
    void versionIsOneLine() throws Exception {
        Run run = waybill("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).matches("waybill \\S+\n");
        assertThat(run.err()).isEmpty();
    }
}
