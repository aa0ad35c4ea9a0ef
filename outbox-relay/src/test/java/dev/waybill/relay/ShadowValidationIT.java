package dev.waybill.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.cli.WaybillCli;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proposed contract version checked in shadow on a real relay: the tally over HTTP, through {@code waybill contracts
 * shadow-report} against the relay's port, in Prometheus, and its end when a reload activates the version.
 */
@WaybillTest
class ShadowValidationIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CONTRACT = "orders.order-placed";

    /** 400 events of 1.1.0, exactly 40 of them carrying customerEmail, which the proposed 1.2.0 drops. */
    private static List<OutboxEvent> shadowedTraffic(Set<String> breaking) {
        List<OutboxEvent> events = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String email = i % 10 == 3 ? "\"customerEmail\":\"buyer" + i + "@example.com\"," : "";
            OutboxEvent event = OutboxEvent.builder()
                    .contract(CONTRACT)
                    .schemaVersion("1.1.0")
                    .aggregate("order", String.format("ORD-%06d", i))
                    .payload("{\"orderId\":\"" + String.format("ORD-%06d", i) + "\"," + email + "\"totalAmount\":" + i
                            + ",\"occurredAt\":\"2026-12-01T10:00:00Z\",\"salesChannel\":\"web\"}")
                    .build();
            if (!email.isEmpty()) {
                breaking.add(event.id().toString());
            }
            events.add(event);
        }
        return events;
    }

    /** Events the tally must not count: another version (1.0.0, not shadowed), and the proposed version itself. */
    private static List<OutboxEvent> otherTraffic() {
        List<OutboxEvent> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add(RelayFixture.order(String.format("ORD-%06d", 1000 + i), i));
        }
        for (int i = 0; i < 10; i++) {
            events.add(OutboxEvent.builder()
                    .contract(CONTRACT)
                    .schemaVersion("1.2.0")
                    .aggregate("order", String.format("ORD-%06d", 2000 + i))
                    .payload("{\"orderId\":\"ORD-00200" + i + "\",\"totalAmount\":1,"
                            + "\"occurredAt\":\"2026-12-01T10:00:00Z\"}")
                    .build());
        }
        return events;
    }

    @Test
    void aProposedVersionIsTalliedAgainstLiveEventsUntilItIsActivated(
            TestDatabase database, TestKafka kafka, @TempDir Path dir) throws Exception {
        Path contracts = contracts(dir);
        RelayFixture.migrate(database);
        Set<String> breaking = new HashSet<>();
        try (Relay relay = Relay.start(RelayFixture.relay(database, kafka, "shadow")
                .set(RelaySettings.CONTRACTS_DIRECTORY, contracts)
                .set(RelaySettings.CONTRACTS_RELOAD_INTERVAL, Duration.ofMillis(200))
                .build())) {
            String base = "http://127.0.0.1:" + relay.httpPort();
            await().atMost(Duration.ofSeconds(60)).until(relay::ready);
            List<OutboxEvent> events = new ArrayList<>(shadowedTraffic(breaking));
            events.addAll(otherTraffic());
            java.util.Collections.shuffle(events, new java.util.Random(7));
            RelayFixture.write(database, events);

            await().atMost(Duration.ofSeconds(60))
                    .until(() -> count(relay.scrapeMetrics(), "waybill_events_published_total", "1.1.0") == 400
                            && count(relay.scrapeMetrics(), "waybill_events_published_total", "1.0.0") == 30
                            && count(relay.scrapeMetrics(), "waybill_events_dead_lettered_total", "1.2.0") == 10);

            // Over HTTP: exact counts, and routing unchanged (all 400 published above).
            JsonNode report = get(base + RelayEndpoints.shadow(CONTRACT, "1.2.0"), 200);
            assertThat(report.path("shadowedVersion").asText()).isEqualTo("1.1.0");
            assertThat(report.path("status").asText()).isEqualTo("proposed");
            assertThat(report.path("relay").asText()).isEqualTo("shadow");
            assertThat(report.path("checked").asLong()).isEqualTo(400);
            assertThat(report.path("wouldPass").asLong()).isEqualTo(360);
            assertThat(report.path("wouldFail").asLong()).isEqualTo(40);
            assertThat(report.path("alreadyRejected").asLong()).isZero();
            assertThat(report.path("rejectPercent").asDouble()).isEqualTo(10.0);
            assertThat(report.path("reasons").path("contract-violation").asLong())
                    .isEqualTo(40);
            assertThat(report.path("reasons").size()).isEqualTo(1);
            assertThat(report.path("pointers").get(0).path("pointer").asText()).isEqualTo("/customerEmail");
            assertThat(report.path("pointers").get(0).path("count").asLong()).isEqualTo(40);
            assertThat(report.path("pointersExact").asBoolean()).isTrue();
            assertThat(report.path("sampleEventIds")).hasSize(5);
            report.path("sampleEventIds").forEach(id -> assertThat(breaking).contains(id.asText()));
            assertThat(get(base + RelayEndpoints.SHADOW, 200).path("shadows")).hasSize(1);
            JsonNode unknown = get(base + RelayEndpoints.shadow(CONTRACT, "1.1.0"), 404);
            assertThat(unknown.path("shadowed").get(0).asText()).isEqualTo(CONTRACT + " 1.2.0");

            // In Prometheus.
            String metrics = relay.scrapeMetrics();
            assertThat(count(metrics, "waybill_shadow_events_total", "1.2.0", "outcome=\"would-fail\""))
                    .isEqualTo(40);
            assertThat(count(metrics, "waybill_shadow_events_total", "1.2.0", "outcome=\"would-pass\""))
                    .isEqualTo(360);
            assertThat(count(metrics, "waybill_shadow_failures_total", "1.2.0", "reason=\"contract-violation\""))
                    .isEqualTo(40);

            // Through the command line, against the relay's port.
            Run text = waybill("contracts", "shadow-report", CONTRACT, "1.2.0", "--relay", base);
            assertThat(text.exit()).as(text.err()).isZero();
            assertThat(text.out())
                    .containsPattern("^orders\\.order-placed 1\\.2\\.0 \\(proposed, in shadow of 1\\.1\\.0\\) since "
                            + "\\S+Z: 400 events checked, would reject 40 \\(10\\.0%\\); contract-violation 40; "
                            + "/customerEmail 40\\n");
            Run json = waybill(
                    "contracts",
                    "shadow-report",
                    CONTRACT,
                    "1.2.0",
                    "--relay",
                    base,
                    "--format",
                    "json",
                    "--max-reject-percent",
                    "5");
            assertThat(json.exit()).as("10%% is over 5%%: %s", json.err()).isEqualTo(1);
            JsonNode gate = JSON.readTree(json.out());
            assertThat(gate.path("ok").asBoolean()).isFalse();
            assertThat(gate.path("rejectPercent").asDouble()).isEqualTo(10.0);
            assertThat(gate.path("pointers").get(0).path("pointer").asText()).isEqualTo("/customerEmail");
            // Two relays of a stream are summed (here the same one twice).
            Run twice = waybill(
                    "contracts",
                    "shadow-report",
                    CONTRACT,
                    "1.2.0",
                    "--relay",
                    base,
                    "--relay",
                    base,
                    "--max-reject-percent",
                    "10");
            assertThat(twice.exit()).as(twice.err()).isZero();
            assertThat(twice.out()).contains("800 events checked, would reject 80 (10.0%)", "OK: would reject 10.0%");
            Run notShadowed = waybill("contracts", "shadow-report", CONTRACT, "1.1.0", "--relay", base);
            assertThat(notShadowed.exit()).isEqualTo(2);
            assertThat(notShadowed.out()).isEmpty();
            assertThat(notShadowed.err()).contains("does not check orders.order-placed 1.1.0", CONTRACT + " 1.2.0");

            // Approved: 1.2.0 becomes active, and its shadowing ends with the reload.
            Path odcs = contracts.resolve(CONTRACT).resolve("1.2.0.odcs.yaml");
            Files.writeString(odcs, Files.readString(odcs).replaceFirst("status: proposed", "status: active"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> get(base + RelayEndpoints.SHADOW, 200)
                            .path("shadows")
                            .isEmpty());
            get(base + RelayEndpoints.shadow(CONTRACT, "1.2.0"), 404);
            Run ended = waybill("contracts", "shadow-report", CONTRACT, "1.2.0", "--relay", base);
            assertThat(ended.exit()).isEqualTo(2);
            assertThat(ended.err()).contains("it shadows no version");
        }
    }

    @Test
    void anUnreachableRelayIsAConnectionError() throws IOException {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = waybill(
                "contracts",
                "shadow-report",
                CONTRACT,
                "1.2.0",
                "--relay",
                "http://127.0.0.1:" + port,
                "--format",
                "json");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("cannot reach the relay at http://127.0.0.1:" + port, "connection refused");
    }

    private record Run(int exit, String out, String err) {}

    private static Run waybill(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = WaybillCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private static JsonNode get(String uri, int status) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(uri + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
        return JSON.readTree(response.body());
    }

    /** The value of the series of {@code name} for {@code version} (and every {@code labels}), 0 when absent. */
    private static long count(String scrape, String name, String version, String... labels) {
        Matcher line = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(scrape);
        while (line.find()) {
            String found = line.group(1);
            if (found.contains("contract=\"" + CONTRACT + "\"")
                    && found.contains("version=\"" + version + "\"")
                    && Stream.of(labels).allMatch(found::contains)) {
                return (long) Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }

    /** The relay tests' contracts, and the proposed orders.order-placed 1.2.0 (without customerEmail). */
    private static Path contracts(Path dir) throws IOException, URISyntaxException {
        Path shadow = Path.of(
                ShadowValidationIT.class.getResource("/shadow-contracts").toURI());
        for (Path source : List.of(RelayFixture.contracts(), shadow)) {
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Path copy = dir.resolve(source.relativize(file).toString());
                    Files.createDirectories(copy.getParent());
                    Files.copy(file, copy);
                }
            }
        }
        return dir;
    }
}
