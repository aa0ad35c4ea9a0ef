package dev.waybill.relay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.cli.WaybillCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayCommandTest {

    @TempDir
    Path dir;

    private String printConfig(Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = WaybillCli.run(
                new String[] {"relay", "--config", file.toString(), "--print-config"},
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(exit).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void printedConfigurationIsAConfigurationFileThatPrintsTheSame() throws IOException {
        Path file = Files.writeString(dir.resolve("relay.yaml"), """
                relay:
                  name: orders
                database:
                  url: jdbc:postgresql://db:5432/shop
                kafka:
                  bootstrap-servers: kafka:9092
                  producer:
                    linger.ms: 20
                contracts:
                  registry: true
                capture:
                  poll-interval: 50ms
                """);

        String printed = printConfig(file);
        String printedAgain = printConfig(Files.writeString(dir.resolve("printed.yaml"), printed));

        assertThat(printedAgain).isEqualTo(printed);
        assertThat(printed).contains("  poll-interval: 50ms\n", "    linger.ms: 20\n", "  slot: waybill_orders\n");
    }
}
