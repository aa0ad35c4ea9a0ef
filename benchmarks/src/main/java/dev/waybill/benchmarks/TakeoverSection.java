package dev.waybill.benchmarks;

import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelayEndpoints;
import dev.waybill.relay.RelaySettings;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.Testkit;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Take-over: three relay processes on one outbox (one active, two standbys) while an event is committed every 10 ms;
 * the active one is killed with SIGKILL, and the time runs until the new active relay published its first record
 * (its {@code ce_waybillrelayedat}, on the same machine's clock as the kill) and until it reported ready. A
 * replacement standby starts after each take-over, so the take-over never competes with a starting JVM.
 */
final class TakeoverSection implements Section {

    private static final int TAKEOVERS = 12;
    private static final String HEAP = "128m";
    private static final Path JAR = Path.of("outbox-relay/target/waybill-relay.jar");

    @Override
    public String key() {
        return "takeover";
    }

    @Override
    public List<Figure> figures(Map<String, Object> data) {
        String of = " of " + data.get("takeovers") + " SIGKILLs of the active relay";
        return List.of(
                Figure.of(
                                key() + ".kill-to-first-record-max",
                                "take-over, kill to the new active relay's first record: slowest" + of,
                                FigureData.number(data, "firstRecordMaxMillis"),
                                "ms",
                                List.of())
                        .goal("<", 5000),
                Figure.of(
                        key() + ".kill-to-first-record-p50",
                        "take-over, kill to the new active relay's first record: median" + of,
                        FigureData.number(data, "firstRecordP50Millis"),
                        "ms",
                        List.of()),
                Figure.of(
                        key() + ".kill-to-ready-p50",
                        "take-over, kill to the new active relay ready: median" + of,
                        FigureData.number(data, "readyP50Millis"),
                        "ms",
                        List.of()));
    }

    @Override
    public Map<String, Object> run() throws Exception {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: bin/benchmarks builds it");
        }
        TestKafka kafka = Testkit.kafka();
        String source = "/bench/takeover-" + UUID.randomUUID();
        try (TestDatabase database = Testkit.postgres().createDatabase("bench_takeover")) {
            WaybillMigrations.builder(database.dataSource()).build().migrate();
            RelayConfig config = LocalRelay.config(database, kafka, "takeover")
                    .set(RelaySettings.KAFKA_SOURCE, source)
                    .set(RelaySettings.KAFKA_DEAD_LETTER_TOPIC, "bench.dead-letter.takeover")
                    .set(RelaySettings.CAPTURE_SNAPSHOT, RelayConfig.Snapshot.NONE)
                    .build();
            Path file = Files.createTempFile("waybill-takeover", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, config.describe());
            Map<String, Instant> firstRecord = new ConcurrentHashMap<>();
            AtomicBoolean running = new AtomicBoolean(true);
            Thread consumer = new Thread(() -> consume(kafka, source, firstRecord, running), "takeover-consumer");
            consumer.start();
            Thread writer = new Thread(() -> write(database, running), "takeover-writer");
            writer.start();
            List<Relay> relays = new ArrayList<>();
            List<Double> toFirstRecord = new ArrayList<>();
            List<Double> toReady = new ArrayList<>();
            int started = 0;
            try {
                for (; started < 3; started++) {
                    relays.add(Relay.start(file, database.password(), "takeover-" + started));
                }
                Relay active = awaitActive(relays);
                while (!firstRecord.containsKey(active.instance)) {
                    Thread.sleep(20);
                }
                for (int takeover = 0; takeover < TAKEOVERS; takeover++) {
                    Thread.sleep(2_000);
                    Instant killedAt = Instant.now();
                    long killed = System.nanoTime();
                    active.process.destroyForcibly().waitFor();
                    relays.remove(active);
                    active = awaitActive(relays);
                    toReady.add((System.nanoTime() - killed) / 1e6);
                    Instant first;
                    while ((first = firstRecord.get(active.instance)) == null) {
                        Thread.sleep(5);
                    }
                    toFirstRecord.add((double) Duration.between(killedAt, first).toMillis());
                    System.out.printf(
                            "  take-over %d: first record after %.0f ms, ready after %.0f ms%n",
                            takeover + 1, toFirstRecord.get(takeover), toReady.get(takeover));
                    Relay standby = Relay.start(file, database.password(), "takeover-" + started++);
                    relays.add(standby);
                    while (standby.role() == null) {
                        Thread.sleep(50);
                    }
                }
            } finally {
                running.set(false);
                for (Relay relay : relays) {
                    relay.process.destroy();
                    relay.process.waitFor();
                }
                writer.join();
                consumer.join();
            }
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("heapCap", HEAP);
            figures.put("takeovers", TAKEOVERS);
            figures.put("firstRecordP50Millis", Math.round(Stats.median(toFirstRecord)));
            figures.put("firstRecordMaxMillis", Math.round(max(toFirstRecord)));
            figures.put("readyP50Millis", Math.round(Stats.median(toReady)));
            figures.put("readyMaxMillis", Math.round(max(toReady)));
            System.out.println("  " + figures);
            return figures;
        }
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    /** The relay that says it is active and ready. */
    private static Relay awaitActive(List<Relay> relays) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (Relay relay : relays) {
                if (!relay.process.isAlive()) {
                    throw new IllegalStateException(relay.instance + " exited with " + relay.process.exitValue());
                }
                if ("active".equals(relay.role()) && relay.status(RelayEndpoints.READY) == 200) {
                    return relay;
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("no relay became active within 60 s");
    }

    /** Commits one event every 10 ms, so that the new active relay's first record follows its start closely. */
    private static void write(TestDatabase database, AtomicBoolean running) {
        OutboxWriter outbox = OutboxWriter.create();
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            for (int sequence = 0; running.get(); sequence++) {
                outbox.write(
                        connection,
                        OutboxEvent.builder()
                                .contract("bench.order-placed")
                                .schemaVersion("1.0.0")
                                .aggregate("order", "ORD-" + sequence)
                                .payload("{\"orderId\":\"ORD-" + sequence + "\",\"customerId\":\"CUS-1\","
                                        + "\"amountCents\":1250,\"currency\":\"EUR\",\"items\":1,"
                                        + "\"channel\":\"web\",\"occurredAt\":\"2026-11-26T10:15:30Z\"}")
                                .build());
                connection.commit();
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Notes when each relay instance relayed its first record. */
    private static void consume(TestKafka kafka, String source, Map<String, Instant> first, AtomicBoolean running) {
        Properties properties = kafka.clientProperties();
        properties.setProperty("group.id", "bench-takeover-" + UUID.randomUUID());
        properties.setProperty("auto.offset.reset", "latest");
        properties.setProperty("fetch.max.wait.ms", "5");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of("bench.order-placed.v1"));
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                    if (source.equals(header(record, "ce_source"))) {
                        first.putIfAbsent(
                                header(record, "ce_waybillrelay"),
                                Instant.parse(header(record, "ce_waybillrelayedat")));
                    }
                }
            }
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** One relay process, as operators run it: the executable jar, the configuration file, the environment. */
    private record Relay(Process process, String instance, int port) {

        static Relay start(Path config, String password, String instance) throws IOException {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            ProcessBuilder builder = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx" + HEAP,
                            "-jar",
                            JAR.toString(),
                            "relay",
                            "--config",
                            config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put(RelaySettings.DATABASE_PASSWORD.variable(), password);
            builder.environment().put(RelaySettings.RELAY_INSTANCE.variable(), instance);
            builder.environment().put(RelaySettings.HTTP_PORT.variable(), Integer.toString(port));
            return new Relay(builder.start(), instance, port);
        }

        /** {@code active} or {@code standby}, or {@code null} while it does not answer. */
        String role() {
            String body = RelayHttp.body(port, RelayEndpoints.ROLE);
            if (body == null) {
                return null;
            }
            return body.contains("\"role\":\"active\"")
                    ? "active"
                    : body.contains("\"role\":\"standby\"") ? "standby" : null;
        }

        int status(String path) {
            return RelayHttp.status(port, path);
        }
    }

    @Override
    public String markdown(Map<String, Object> figures) {
        StringBuilder md = new StringBuilder("## Take-over\n\n");
        md.append("Three relay processes on one outbox (`java -Xmx")
                .append(figures.get("heapCap"))
                .append(" -jar outbox-relay/target/waybill-relay.jar relay`, default settings), one active and two ")
                .append("standbys, while an event is committed every 10 ms. The active one is killed with SIGKILL ")
                .append(figures.get("takeovers"))
                .append(" times; each time the clock runs from the kill to the new active relay's first record ")
                .append("(its `ce_waybillrelayedat`) and to its reporting ready (`/health/role` active and ")
                .append("`/health/ready` 200). A new standby starts after each take-over. Target: under 5 s.\n\n");
        md.append("| | p50 | max |\n|---|---:|---:|\n");
        md.append(String.format(
                Locale.ROOT,
                "| kill to first record published | %,d ms | %,d ms |%n",
                ((Number) figures.get("firstRecordP50Millis")).longValue(),
                ((Number) figures.get("firstRecordMaxMillis")).longValue()));
        md.append(String.format(
                Locale.ROOT,
                "| kill to ready | %,d ms | %,d ms |%n",
                ((Number) figures.get("readyP50Millis")).longValue(),
                ((Number) figures.get("readyMaxMillis")).longValue()));
        return md.toString();
    }
}
