package dev.waybill.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.relay.RelayEndpoints;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tar.gz as an operator gets it: unpacked into an empty folder, {@code bin/waybill-relay migrate} prepares the
 * database, then {@code bin/waybill-relay}, configured only by {@code WAYBILL_*} variables, publishes, answers on
 * every endpoint deployments point at, and stops cleanly on SIGTERM.
 */
@WaybillTest
class RelayDistributionIT {

    private static final Path DISTRIBUTION = Path.of(System.getProperty("waybill.distribution", "missing"));
    private static final Path CONTRACTS =
            Path.of("../examples/contracts").toAbsolutePath().normalize();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path installation;

    @Test
    void unpackedDistributionMigratesThenRelaysConfiguredByEnvironmentAndStopsOnSigterm(
            TestDatabase database, TestKafka kafka) throws Exception {
        Path home = unpack();

        Process migrate = start(
                home,
                Map.of("WAYBILL_DATABASE_PASSWORD", database.password()),
                installation.resolve("migrate.log"),
                "migrate",
                "--url",
                database.jdbcUrl(),
                "--user",
                database.username());
        assertThat(migrate.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(migrate.exitValue())
                .as("migrate: %s", Files.readString(installation.resolve("migrate.log")))
                .isZero();
        assertThat(firstColumn(database, "SELECT to_regclass('waybill.outbox')::text"))
                .isEqualTo("waybill.outbox");

        int port = freePort();
        Map<String, String> environment = new HashMap<>();
        environment.put("WAYBILL_RELAY_NAME", "distribution");
        environment.put("WAYBILL_DATABASE_URL", database.jdbcUrl());
        environment.put("WAYBILL_DATABASE_USER", database.username());
        environment.put("WAYBILL_DATABASE_PASSWORD", database.password());
        environment.put("WAYBILL_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        environment.put("WAYBILL_CONTRACTS_DIRECTORY", CONTRACTS.toString());
        environment.put("WAYBILL_HTTP_HOST", "127.0.0.1");
        environment.put("WAYBILL_HTTP_PORT", Integer.toString(port));
        environment.put("WAYBILL_RELAY_SHUTDOWN_TIMEOUT", "20s");
        // INFO, so a failure below shows what the relay did.
        environment.put("WAYBILL_LOG_LEVEL", "INFO");
        Path log = installation.resolve("relay.log");
        Process relay = start(home, environment, log);
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                assertThat(relay.isAlive())
                        .as("relay running: %s", Files.readString(log))
                        .isTrue();
                return status(port, RelayEndpoints.READY) == 200;
            });
            // Readiness follows the capture engine, which Debezium may restart once while the first start moves from
            // its snapshot to streaming; every endpoint must answer 200 once it settles.
            for (String path : RelayEndpoints.all()) {
                await().atMost(Duration.ofSeconds(30))
                        .untilAsserted(() -> assertThat(status(port, path))
                                .as(path + ": " + Files.readString(log))
                                .isEqualTo(200));
            }

            OutboxEvent event = OutboxEvent.builder()
                    .contract("orders.order-placed")
                    .schemaVersion("1.0.0")
                    .aggregate("order", "ORD-000042")
                    .payload("{\"orderId\":\"ORD-000042\",\"totalAmount\":42,\"occurredAt\":\"2026-12-01T10:00:00Z\"}")
                    .build();
            try (Connection connection = database.connect()) {
                connection.setAutoCommit(false);
                OutboxWriter.create().write(connection, event);
                connection.commit();
            }
            assertThat(publishedIds(kafka, "orders.order-placed.v1", event.id().toString()))
                    .contains(event.id().toString());

            relay.destroy();
            assertThat(relay.waitFor(60, TimeUnit.SECONDS))
                    .as("stops within the shutdown timeout")
                    .isTrue();
            assertThat(relay.exitValue())
                    .as("exit code: %s", Files.readString(log))
                    .isZero();
            assertThat(firstColumn(
                            database, "SELECT count(*) FROM waybill.relay_offsets WHERE relay_name = 'distribution'"))
                    .as("offsets stored on the way out")
                    .isNotEqualTo("0");

            // The dead-letter tools ship with the relay: any topic will do to see that they run.
            Path dlqLog = installation.resolve("dlq.log");
            Process dlq = start(
                    home,
                    Map.of("WAYBILL_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()),
                    dlqLog,
                    "dlq",
                    "summary",
                    "--contracts",
                    CONTRACTS.toString(),
                    "--topic",
                    "orders.order-placed.v1");
            assertThat(dlq.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(dlq.exitValue())
                    .as("dlq summary: %s", Files.readString(dlqLog))
                    .isZero();
            assertThat(Files.readString(dlqLog))
                    .containsPattern("\\d+ dead letters? in \\d+ groups? from orders.order-placed.v1");
        } finally {
            relay.destroyForcibly();
        }
    }

    /** Unpacks the tar.gz with the system's tar, as an operator would: file modes included. */
    private Path unpack() throws IOException, InterruptedException {
        assertThat(DISTRIBUTION).as("built by the package phase").isRegularFile();
        Path target = Files.createDirectories(installation.resolve("opt"));
        Process tar = new ProcessBuilder("tar", "-xzf", DISTRIBUTION.toString(), "-C", target.toString())
                .inheritIO()
                .start();
        assertThat(tar.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(tar.exitValue()).isZero();
        try (Stream<Path> unpacked = Files.list(target)) {
            List<Path> top = unpacked.toList();
            assertThat(top).as("one top folder").hasSize(1);
            return top.get(0);
        }
    }

    /** {@code bin/waybill-relay} with exactly {@code environment} among the {@code WAYBILL_*} variables. */
    private static Process start(Path home, Map<String, String> environment, Path log, String... arguments)
            throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(home.resolve("bin/waybill-relay").toString());
        builder.command().addAll(List.of(arguments));
        builder.environment().keySet().removeIf(key -> key.startsWith("WAYBILL_") || key.equals("JAVA_OPTS"));
        builder.environment().putAll(environment);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static int status(int port, String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String firstColumn(TestDatabase database, String sql) throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        }
    }

    /** The {@code ce_id}s read from {@code topic} until {@code wanted} arrives, or 60 s pass. */
    private static List<String> publishedIds(TestKafka kafka, String topic, String wanted) {
        Properties properties = kafka.clientProperties();
        properties.setProperty("group.id", kafka.uniqueTopic("distribution-test"));
        properties.setProperty("auto.offset.reset", "earliest");
        List<String> ids = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (!ids.contains(wanted) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    var id = record.headers().lastHeader("ce_id");
                    if (id != null) {
                        ids.add(new String(id.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return ids;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
