package dev.waybill.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.cli.WaybillCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, end to end: embedded services, the example shop, the relay, and the summary. */
class DevModeIT {

    @Test
    void devModeDeliversEveryEventWhereItBelongsAndExitsZero() {
        StringWriter out = new StringWriter();
        int exit = WaybillCli.run(
                new String[] {
                    "dev",
                    "--events",
                    "120",
                    "--rate",
                    "100",
                    "--contracts",
                    Path.of("../examples/contracts").toString()
                },
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains(
                        "events written: 120",
                        "arrived in Kafka: 120",
                        "orders.order-placed.v1",
                        "customers.customer-registered.v1",
                        "commit -> ack latency: ",
                        "OK: all 120 events reached Kafka exactly where they should.")
                .doesNotContain("MISROUTED");
    }

    @Test
    void devModeWithATeamsOwnContractsReadsTheirTopics(@TempDir Path dir) throws IOException {
        StringWriter out = new StringWriter();
        int exit = WaybillCli.run(
                new String[] {
                    "dev",
                    "--events",
                    "40",
                    "--rate",
                    "100",
                    "--contracts",
                    DestinationsTest.renamedContracts(dir).toString()
                },
                new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true));

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains(
                        "arrived in Kafka: 40",
                        "shop.orders",
                        "OK: all 40 events reached Kafka exactly where " + "they should.")
                .doesNotContain("MISROUTED", "orders.order-placed.v1");
    }

    @Test
    void missingContractsAreAStartUpError() {
        StringWriter err = new StringWriter();
        int exit = WaybillCli.run(
                new String[] {"dev", "--events", "1", "--contracts", "/no/such/contracts"},
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("waybill: --contracts /no/such/contracts is not a directory");
    }
}
