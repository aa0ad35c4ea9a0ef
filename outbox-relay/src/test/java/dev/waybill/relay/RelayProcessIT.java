package dev.waybill.relay;

import static dev.waybill.relay.RelayFixture.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay as operators run it: a separate process, configured by environment, stopped by a signal. */
@WaybillTest
class RelayProcessIT {

    private static final String FAKE_PASSWORD = "pg-password-that-must-never-be-printed";
    private static final String FAKE_JAAS_SECRET = "kafka-secret-that-must-never-be-printed";

    @TempDir
    Path logs;

    @BeforeAll
    static void migrate(TestDatabase database) {
        RelayFixture.migrate(database);
    }

    private Process start(Map<String, String> environment, String name) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "dev.waybill.relay.cli.WaybillCli", "relay")
                .redirectOutput(logs.resolve(name + ".out").toFile())
                .redirectError(logs.resolve(name + ".err").toFile());
        builder.environment().keySet().removeIf(key -> key.startsWith("WAYBILL_"));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private String output(String name) throws IOException {
        return Files.readString(logs.resolve(name + ".out"), StandardCharsets.UTF_8)
                + Files.readString(logs.resolve(name + ".err"), StandardCharsets.UTF_8);
    }

    @Test
    void missingSettingStopsStartUpWithExitTwoAndAMessageNotAStackTrace(TestDatabase database, TestKafka kafka)
            throws Exception {
        Map<String, String> env = RelayFixture.environment(database, kafka, "broken");
        env.remove("WAYBILL_KAFKA_BOOTSTRAP_SERVERS");

        Process process = start(env, "broken");

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output("broken")).contains("waybill: kafka.bootstrap-servers is missing: set it to host:port")
                .doesNotContain("\tat ");
    }

    @Test
    void unusableDatabaseStopsStartUpWithExitTwo(TestDatabase database, TestKafka kafka) throws Exception {
        Map<String, String> env = RelayFixture.environment(database, kafka, "nodb");
        env.put("WAYBILL_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/nowhere");

        Process process = start(env, "nodb");

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output("nodb")).contains("waybill: Cannot use the outbox database at "
                + "jdbc:postgresql://127.0.0.1:1/nowhere").doesNotContain("\tat ");
    }

    @Test
    void sigtermDrainsStoresOffsetsAndExitsZeroAndSecretsNeverShow(TestDatabase database, TestKafka kafka)
            throws Exception {
        int port = freePort();
        Map<String, String> env = RelayFixture.environment(database, kafka, "process");
        env.put("WAYBILL_HTTP_PORT", Integer.toString(port));
        env.put("WAYBILL_DATABASE_PASSWORD", FAKE_PASSWORD);
        env.put("WAYBILL_KAFKA_PRODUCER_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule "
                + "required username=\"relay\" password=\"" + FAKE_JAAS_SECRET + "\";");
        env.put("WAYBILL_LOG_LEVEL", "INFO");
        Process process = start(env, "process");
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            assertThat(process.isAlive()).as("relay process is running").isTrue();
            return ready(http, port);
        });

        List<OutboxEvent> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(order("ORD-2" + String.format("%05d", i), i));
        }
        RelayFixture.write(database, events);
        Set<String> ids = new java.util.HashSet<>();
        events.forEach(event -> ids.add(event.id().toString()));
        assertThat(RelayFixture.read(kafka, ids, "orders.order-placed.v1").keySet()).containsAll(ids);

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exits within the shutdown timeout").isTrue();
        assertThat(process.exitValue()).isZero();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT count(*) FROM waybill.relay_offsets WHERE relay_name = 'process'")) {
            rs.next();
            assertThat(rs.getInt(1)).isPositive();
        }
        assertThat(output("process")).contains("Stopped").doesNotContain(FAKE_PASSWORD, FAKE_JAAS_SECRET);
    }

    private static boolean ready(HttpClient http, int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
