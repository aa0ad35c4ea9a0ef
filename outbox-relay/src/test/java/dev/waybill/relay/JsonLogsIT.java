package dev.waybill.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code WAYBILL_LOG_FORMAT=json}: the production executable writes nothing but JSON lines on standard error. */
@WaybillTest
class JsonLogsIT {

    // A line with anything after its object is not a JSON line either.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @TempDir
    Path logs;

    @Test
    void relayStartStreamAndStopLogOneJsonObjectPerLine(TestDatabase database, TestKafka kafka) throws Exception {
        RelayFixture.migrate(database);
        Map<String, String> env = RelayFixture.environment(database, kafka, "jsonlogs");
        env.put("WAYBILL_LOG_FORMAT", "json");
        env.put("WAYBILL_LOG_LEVEL", "INFO");
        RelayProcess relay = RelayProcess.startJar(env, logs.resolve("relay.log"));
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            assertThat(relay.alive()).as("relay process is running").isTrue();
            return relay.ready();
        });
        OutboxEvent event = RelayFixture.order("ORD-400001", 1);
        RelayFixture.write(database, List.of(event));
        RelayFixture.read(kafka, Set.of(event.id().toString()), "orders.order-placed.v1");
        assertThat(relay.terminate(Duration.ofSeconds(60))).isZero();

        List<JsonNode> lines = parseEveryLine(relay.output());

        assertThat(lines).hasSizeGreaterThan(3);
        for (JsonNode line : lines) {
            assertThat(line.path("level").asText()).as(line.toString()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
            assertThat(line.path("loggerName").asText()).as(line.toString()).isNotEmpty();
            assertThat(line.path("timestamp").asLong()).as(line.toString()).isPositive();
            assertThat(line.has("formattedMessage")).as(line.toString()).isTrue();
        }
        assertThat(lines)
                .extracting(line -> line.path("formattedMessage").asText())
                .contains("Stopped")
                .anySatisfy(message -> assertThat(message).startsWith("Starting with configuration:\nrelay:"));
        assertThat(Files.readString(logs.resolve("relay.log.stdout"))).isEmpty();
    }

    @Test
    void startUpErrorIsAJsonLineToo(TestDatabase database, TestKafka kafka) throws Exception {
        Map<String, String> env = RelayFixture.environment(database, kafka, "jsonbroken");
        env.remove("WAYBILL_KAFKA_BOOTSTRAP_SERVERS");
        env.put("WAYBILL_LOG_FORMAT", "json");

        RelayProcess relay = RelayProcess.startJar(env, logs.resolve("broken.log"));

        assertThat(relay.exitCode(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(parseEveryLine(relay.output())).singleElement().satisfies(line -> {
            assertThat(line.path("level").asText()).isEqualTo("ERROR");
            assertThat(line.path("formattedMessage").asText())
                    .startsWith("waybill: kafka.bootstrap-servers is missing: set it to host:port");
        });
    }

    private static List<JsonNode> parseEveryLine(String output) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            try {
                lines.add(JSON.readTree(line));
            } catch (java.io.IOException e) {
                throw new AssertionError("not a JSON line on standard error: " + line, e);
            }
        }
        return lines;
    }
}
