package dev.waybill.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.cli.WaybillCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What {@code waybill dlq} says before it has dead letters to work on: usage and connection errors, exit code 2. */
class DlqCommandTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run waybill(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = WaybillCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void brokersThatDoNotAnswerAreNamedWithTheTimeout() {
        Run run = waybill("dlq", "summary", "--bootstrap-servers", "127.0.0.1:1", "--timeout", "1s");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .contains("waybill: Kafka at 127.0.0.1:1 did not answer within 1s (--timeout): check"
                        + " --bootstrap-servers");
    }

    @Test
    void withoutBrokersTheCommandSaysWhichOptionIsMissing() {
        Run run = waybill("dlq", "summary", "--bootstrap-servers", "");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option: '--bootstrap-servers=<host:port,...>'");
    }

    @Test
    void replayHelpListsItsVersionFilter() {
        Run run = waybill("dlq", "replay", "--help");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("--version=<version>", "--dry-run", "--rate=<events/s>");
    }

    @Test
    void replayRefusesARateBelowOneEventASecond() {
        Run run = waybill("dlq", "replay", "--bootstrap-servers", "127.0.0.1:1", "--rate", "0.5");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--rate must be at least 1 event a second, was 0.5");
    }

    @Test
    void replayNeedsTheCurrentContracts() {
        Run run = waybill("dlq", "replay", "--bootstrap-servers", "127.0.0.1:1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("replay validates against the current contracts: give --contracts <dir>");
    }

    @Test
    void aBadCommandConfigFileIsNamed() {
        Run run = waybill(
                "dlq", "summary", "--bootstrap-servers", "127.0.0.1:1", "--command-config", "no-such.properties");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--command-config no-such.properties does not exist");
    }

    @Test
    void showWantsAnIdOrAPosition() {
        assertThat(waybill("dlq", "show", "--bootstrap-servers", "127.0.0.1:1").exitCode())
                .isEqualTo(2);
        Run run = waybill(
                "dlq",
                "show",
                "not-a-position",
                "--bootstrap-servers",
                "127.0.0.1:1",
                "--contracts",
                Path.of("src/test/resources/contracts").toString(),
                "--timeout",
                "1s");
        assertThat(run.exitCode()).isEqualTo(2);
    }
}
