package dev.waybill.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.cli.WaybillCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, end to end: embedded services, the example shop, the relay, the collector and its
 * validator, and the summary.
 */
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
        String summary = out.toString();
        assertThat(summary)
                .contains(
                        "events written: 120",
                        "arrived in Kafka: 120",
                        "orders.order-placed.v1",
                        "customers.customer-registered.v1",
                        "commit -> ack latency: ",
                        "collector: POST http://localhost:",
                        "curl -s http://localhost:",
                        "OK: all 120 events written and ")
                .doesNotContain("MISROUTED", "requests refused");
        // The frontend's product views went through the collector and the validator: the valid ones to the
        // contract's topic, the broken ones to its dead-letter topic (dev mode checked each event's topic and reason).
        Matcher collected = Pattern.compile(
                        "events collected: (\\d+) \\((\\d+) deliberately breaking their contract\\), "
                                + "arrived in Kafka: (\\d+)")
                .matcher(summary);
        int sent = -1;
        int breaking = -1;
        while (collected.find()) { // the final summary's
            sent = Integer.parseInt(collected.group(1));
            breaking = Integer.parseInt(collected.group(2));
        }
        assertThat(sent).isPositive();
        assertThat(breaking).isPositive().isLessThan(sent);
        assertThat(summary)
                .contains("OK: all 120 events written and " + sent + " collected reached Kafka")
                .containsPattern("shop\\.product-viewed\\.v1 +0 +" + (sent - breaking) + "\\n")
                .containsPattern("shop\\.product-viewed\\.dlq +0 +" + breaking + "\\n")
                .containsPattern("shop\\.product-viewed +collector +" + (sent - breaking) + " +" + breaking + "\\n")
                .containsPattern("orders\\.order-placed +outbox +\\d+ +\\d+\\n");
        // The example's proposed orders.order-placed 1.2.0 drops customerEmail: checked in shadow of 1.1.0 (even
        // though dev mode accepts drafts), every order counted, those with an email would be rejected.
        Matcher orders = Pattern.compile("orders\\.order-placed +outbox +(\\d+) +(\\d+)\\n")
                .matcher(summary);
        Matcher shadow = Pattern.compile("shadow validation: orders\\.order-placed 1\\.2\\.0 \\(proposed, in shadow of "
                        + "1\\.1\\.0\\) since \\S+Z: (\\d+) events checked, would reject (\\d+) \\([0-9.]+%.*?\\); "
                        + "contract-violation \\d+; /customerEmail (\\d+)")
                .matcher(summary);
        long ordersArrived = -1;
        while (orders.find()) {
            ordersArrived = Long.parseLong(orders.group(1)) + Long.parseLong(orders.group(2));
        }
        long checked = -1;
        long wouldReject = -1;
        long atEmail = -1;
        while (shadow.find()) {
            checked = Long.parseLong(shadow.group(1));
            wouldReject = Long.parseLong(shadow.group(2));
            atEmail = Long.parseLong(shadow.group(3));
        }
        assertThat(checked).as(summary).isEqualTo(ordersArrived);
        assertThat(atEmail).isPositive().isLessThanOrEqualTo(wouldReject);
        assertThat(wouldReject).isLessThan(checked);
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
                .contains("arrived in Kafka: 40", "shop.orders", "OK: all 40 events written and ")
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
