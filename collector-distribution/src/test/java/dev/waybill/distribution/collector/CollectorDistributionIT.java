package dev.waybill.distribution.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tar.gz as an operator gets it: unpacked into an empty folder, {@code bin/waybill-collector} (collect) and
 * {@code bin/waybill-collector validate}, configured by their example files and {@code WAYBILL_*} variables, take an
 * event over HTTP to its contract's topic and a broken one to the dead-letter topic, answer their health endpoints,
 * and stop cleanly on SIGTERM.
 */
@WaybillTest
class CollectorDistributionIT {

    private static final Path DISTRIBUTION = Path.of(System.getProperty("waybill.distribution", "missing"));
    private static final Path CONTRACTS =
            Path.of("../examples/contracts").toAbsolutePath().normalize();
    private static final String RAW_TOPIC = "shop.product-viewed.raw";
    private static final String TOKEN = "s3cret-token-for-the-shop";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path installation;

    @Test
    void unpackedDistributionCollectsAndValidatesConfiguredByItsFilesAndTheEnvironment(TestKafka kafka)
            throws Exception {
        Path home = unpack();
        assertThat(home.resolve("config/collector.yaml")).isRegularFile();
        assertThat(home.resolve("config/validator.yaml")).isRegularFile();
        assertThat(home.resolve("licenses/THIRD-PARTY.txt")).content().contains("vertx-core", "kafka-streams");

        Path tokens = Files.writeString(installation.resolve("tokens"), "shop-frontend " + TOKEN + "\n");
        int collectPort = freePort();
        Map<String, String> collect = new HashMap<>();
        collect.put("WAYBILL_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        collect.put("WAYBILL_HTTP_HOST", "127.0.0.1");
        collect.put("WAYBILL_HTTP_PORT", Integer.toString(collectPort));
        collect.put("WAYBILL_AUTH_TOKENS", tokens.toString());
        int validatePort = freePort();
        Map<String, String> validate = new HashMap<>();
        validate.put("WAYBILL_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        validate.put("WAYBILL_HTTP_HOST", "127.0.0.1");
        validate.put("WAYBILL_HTTP_PORT", Integer.toString(validatePort));
        validate.put("WAYBILL_CONTRACTS_DIRECTORY", CONTRACTS.toString());
        validate.put("WAYBILL_VALIDATE_APPLICATION_ID", "distribution-" + UUID.randomUUID());
        validate.put(
                "WAYBILL_KAFKA_STREAMS_STATE_DIR", installation.resolve("state").toString());

        // Provisioned beforehand, as in production: a validator finds a raw topic that appears later only at its next
        // metadata refresh (30 s).
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            if (!admin.listTopics().names().get().contains(RAW_TOPIC)) {
                admin.createTopics(List.of(new NewTopic(RAW_TOPIC, 1, (short) 1)))
                        .all()
                        .get();
            }
        }

        // Without arguments, and with `validate` alone, the launcher reads the distribution's example files.
        Path collectLog = installation.resolve("collect.log");
        Path validateLog = installation.resolve("validate.log");
        Process collector = start(home, collect, collectLog);
        Process validator = start(home, validate, validateLog, "validate");
        try {
            awaitReady(collector, collectPort, collectLog);
            awaitReady(validator, validatePort, validateLog);

            String good = UUID.randomUUID().toString();
            String bad = UUID.randomUUID().toString();
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collectPort + "/v1/events"))
                            .header("Authorization", "Bearer " + TOKEN)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("["
                                    + viewed(good, "{\"productId\":\"SKU-42\",\"page\":\"/p/42\"}") + ","
                                    + viewed(bad, "{\"productId\":\"42\",\"page\":\"/p/42\"}") + "]"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);

            Map<String, String> topics = awaitTopics(kafka, List.of(good, bad));
            assertThat(topics)
                    .containsEntry(good, "shop.product-viewed.v1")
                    .containsEntry(bad, "shop.product-viewed.dlq");

            for (Process process : List.of(collector, validator)) {
                process.destroy();
                assertThat(process.waitFor(60, TimeUnit.SECONDS))
                        .as("stops on SIGTERM")
                        .isTrue();
            }
            assertThat(collector.exitValue())
                    .as("collect: %s", Files.readString(collectLog))
                    .isZero();
            assertThat(validator.exitValue())
                    .as("validate: %s", Files.readString(validateLog))
                    .isZero();
        } finally {
            collector.destroyForcibly();
            validator.destroyForcibly();
        }
    }

    @Test
    void aBrokenConfigurationStopsTheCollectorAtStartUpSayingWhatToFix() throws Exception {
        Path home = unpack();
        Path log = installation.resolve("broken.log");
        Process collector = start(
                home, Map.of("WAYBILL_KAFKA_BOOTSTRAP_SERVERS", "localhost:9092", "WAYBILL_HTTP_PORT", "70000"), log);

        assertThat(collector.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(collector.exitValue()).isEqualTo(2);
        assertThat(Files.readString(log)).contains("configuration error", "http.port", "70000");
    }

    private static String viewed(String id, String data) {
        return "{\"id\":\"" + id + "\",\"type\":\"ProductViewed\",\"subject\":\"visitor-7\","
                + "\"contract\":\"shop.product-viewed\",\"version\":\"1.0.0\",\"data\":" + data + "}";
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

    /** {@code bin/waybill-collector} with exactly {@code environment} among the {@code WAYBILL_*} variables. */
    private static Process start(Path home, Map<String, String> environment, Path log, String... arguments)
            throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(home.resolve("bin/waybill-collector").toString());
        builder.command().addAll(List.of(arguments));
        builder.environment().keySet().removeIf(key -> key.startsWith("WAYBILL_") || key.equals("JAVA_OPTS"));
        builder.environment().putAll(environment);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitReady(Process process, int port, Path log) {
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            assertThat(process.isAlive())
                    .as("running: %s", Files.readString(log))
                    .isTrue();
            return status(port, "/health/ready") == 200;
        });
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

    /** The topic each of {@code ids} ({@code ce_id}) was routed to, read until all arrived or 60 s passed. */
    private static Map<String, String> awaitTopics(TestKafka kafka, List<String> ids) {
        Properties properties = kafka.clientProperties();
        properties.setProperty("group.id", kafka.uniqueTopic("collector-distribution-test"));
        properties.setProperty("auto.offset.reset", "earliest");
        properties.setProperty("isolation.level", "read_committed");
        Map<String, String> topics = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("shop.product-viewed.v1", "shop.product-viewed.dlq"));
            while (!topics.keySet().containsAll(ids) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    var id = record.headers().lastHeader("ce_id");
                    if (id != null) {
                        topics.put(new String(id.value(), StandardCharsets.UTF_8), record.topic());
                    }
                }
            }
        }
        return topics;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
