package dev.waybill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code contracts check} runs each declared down-conversion on generated examples of the new version. */
class CheckConversionsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void examplesWhoseCopyBreaksTheOlderVersionAreProblemsInTextAndJson() throws Exception {
        Run text = waybill("contracts", "check", migration().toString());

        assertThat(text.exitCode()).isEqualTo(1);
        assertThat(text.out())
                .contains("orders.order-placed 2.0.0 -> 1.1.0: down-conversion of example "
                        + "'full with /total/currency = \"USD\"' at /totalAmount: the converted payload breaks 1.1.0: "
                        + "/totalAmount required: ")
                .contains("'full with /total/currency = \"GBP\"' at /totalAmount")
                .doesNotContain("'minimal'")
                .contains("check: 2 contract versions read, 2 problems, 7 down-conversion examples checked");

        Run json = waybill("contracts", "check", migration().toString(), "--format", "json");
        JsonNode report = JSON.readTree(json.out());
        assertThat(json.exitCode()).isEqualTo(1);
        assertThat(report.path("ok").asBoolean()).isFalse();
        JsonNode checks = report.path("conversionChecks");
        assertThat(checks).hasSize(7);
        assertThat(checks.get(0).path("result").asText()).isEqualTo("passed");
        JsonNode usd = checks.get(2);
        assertThat(usd.path("contract").asText()).isEqualTo("orders.order-placed");
        assertThat(usd.path("fromVersion").asText()).isEqualTo("2.0.0");
        assertThat(usd.path("toVersion").asText()).isEqualTo("1.1.0");
        assertThat(usd.path("result").asText()).isEqualTo("failed");
        assertThat(usd.path("pointer").asText()).isEqualTo("/totalAmount");
        assertThat(JSON.readTree(usd.path("payload").asText())
                        .at("/total/currency")
                        .asText())
                .isEqualTo("USD");
    }

    @Test
    void aConversionThatHandlesEveryExampleExitsZero(@TempDir Path root) throws IOException {
        Path contracts = Files.createDirectories(root.resolve("orders.order-placed"));
        for (Path file : Files.list(migration().resolve("orders.order-placed")).toList()) {
            Files.writeString(
                    contracts.resolve(file.getFileName().toString()),
                    Files.readString(file)
                            .replace(
                                    "if (.total.currency == \"EUR\") .total.amount",
                                    "if (.total.currency == \"EUR\") .total.amount else 0"));
        }

        Run run = waybill("contracts", "check", root.toString());

        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out())
                .isEqualTo("check: 2 contract versions read, 0 problems, 7 down-conversion examples checked\n");
    }

    private record Run(int exitCode, String out) {}

    private static Run waybill(String... args) {
        StringWriter out = new StringWriter();
        int exit = WaybillCli.run(args, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        return new Run(exit, out.toString());
    }

    private static Path migration() {
        try {
            return Path.of(CheckConversionsTest.class.getResource("/migration").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
