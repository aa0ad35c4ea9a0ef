package dev.waybill.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.cli.WaybillCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code waybill collect} and {@code waybill validate} are on the command line; bad configuration exits 2. */
class CollectorCliTest {

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return WaybillCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void printConfigShowsTheEffectiveSettings() throws Exception {
        Path file = temp.resolve("collector.yaml");
        Files.writeString(file, "kafka:\n  bootstrap-servers: kafka:9092\nauth:\n  anonymous: true\n");
        assertThat(run("collect", "--config", file.toString(), "--print-config"))
                .isZero();
        assertThat(out.toString())
                .contains(
                        "kafka.bootstrap-servers: kafka:9092",
                        "collector.ack-mode: kafka",
                        "limits.max-request-size: 1MiB")
                .doesNotContain("contracts.directory");
    }

    @Test
    void badConfigurationExitsTwoWithWhatToFix() throws Exception {
        Path file = temp.resolve("collector.yaml");
        Files.writeString(file, "kafka:\n  bootstrap-servers: kafka:9092\ncollector:\n  ack-mode: eventually\n");
        assertThat(run("collect", "--config", file.toString())).isEqualTo(WaybillCli.ERROR);
        assertThat(err.toString())
                .contains("waybill collect: configuration error: collector.ack-mode (from " + file + "): 'eventually'"
                        + " is not kafka or buffered");

        Path validate = temp.resolve("validate.yaml");
        Files.writeString(
                validate,
                "kafka:\n  bootstrap-servers: kafka:9092\ncontracts:\n  directory: " + temp.resolve("none") + "\n");
        assertThat(run("validate", "--config", validate.toString())).isEqualTo(WaybillCli.ERROR);
        assertThat(err.toString()).contains("contracts.directory: " + temp.resolve("none") + " is not a directory");
    }
}
