package dev.waybill.benchmarks;

import dev.waybill.connect.ConnectFixture;
import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.outbox.WriteMode;
import dev.waybill.relay.Relay;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelaySettings;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.Testkit;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * The Kafka Connect path against the sidecar relay: Debezium's PostgreSQL connector with the transform
 * {@code dev.waybill.connect.ContractRouter}, loaded from the plugin archive the build produced, on a Connect cluster in
 * this JVM (the connect module's {@link ConnectFixture}, as its integration tests run it), configured as
 * docs/connect.md documents. The relay runs in the same JVM and publishes to the same broker, the Connect cluster's.
 * Both drain the same backlog ({@link Backlog}) from slots of their own, alternating round after round; then both
 * carry a steady rate for {@link CommitToConsumer}.
 */
final class ConnectSection implements Section {

    private static final int EVENTS = Integer.getInteger("waybill.bench.connect.backlog", 50_000);
    private static final int ROUNDS = Integer.getInteger("waybill.bench.connect.rounds", 3);
    private static final int RATE = Integer.getInteger("waybill.bench.connect.rate", 1000);
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURED =
            Duration.ofSeconds(Integer.getInteger("waybill.bench.connect.seconds", 20));
    private static final int WRITERS = 2;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
    private static final String DEAD_LETTER = "bench.dead-letter";
    private static final List<String> TOPICS =
            List.of("bench.order-placed.v1", "bench.payment-captured.v1", "bench.parcel-shipped.v1", DEAD_LETTER);
    private static final List<String> PATHS = List.of("relay", "connect", "relayMessages", "connectMessages");

    @Override
    public String key() {
        return "connect";
    }

    @Override
    public List<Figure> figures(Map<String, Object> data) {
        List<Figure> figures = new ArrayList<>();
        figures.add(Figure.of(
                        key() + ".rows-connect-to-relay",
                        "Kafka Connect (Debezium + `ContractRouter`) / sidecar relay, draining a backlog of rows",
                        FigureData.number(data, "connectToRelay"),
                        "ratio",
                        FigureData.ratios(
                                FigureData.numbers(data, "roundsEventsPerSecond", "connect"),
                                FigureData.numbers(data, "roundsEventsPerSecond", "relay")))
                .inReadme());
        figures.add(Figure.of(
                        key() + ".messages-connect-to-relay",
                        "Kafka Connect / sidecar relay, draining a backlog of messages",
                        FigureData.number(data, "connectMessagesToRelayMessages"),
                        "ratio",
                        FigureData.ratios(
                                FigureData.numbers(data, "roundsEventsPerSecond", "connectMessages"),
                                FigureData.numbers(data, "roundsEventsPerSecond", "relayMessages")))
                .inReadme());
        for (Map<String, Object> row : FigureData.rows(data, "latency")) {
            figures.add(Figure.of(
                    key() + ".p99-" + row.get("path") + "-" + row.get("mode"),
                    "p99 commit to consumer, " + row.get("path") + " (" + row.get("mode") + ") at "
                            + String.format(Locale.ENGLISH, "%,.0f", FigureData.number(row, "eventsPerSecond"))
                            + " events/s",
                    FigureData.number(row, "p99Millis"),
                    "ms",
                    List.of()));
        }
        return figures;
    }

    @Override
    public Map<String, Object> run() throws Exception {
        double loadBefore = loadAverage();
        Path plugins = Files.createTempDirectory("waybill-connect-plugins");
        EmbeddedConnectCluster connect = ConnectFixture.cluster("bench", 1, ConnectFixture.install(archive(), plugins));
        Map<String, Object> figures = new LinkedHashMap<>();
        try {
            String kafka = connect.kafka().bootstrapServers();
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka))) {
                admin.createTopics(TOPICS.stream()
                                .map(topic -> new NewTopic(topic, 1, (short) 1))
                                .toList())
                        .all()
                        .get();
            }
            throughput(connect, kafka, figures);
            figures.put("latency", latency(connect, kafka));
        } finally {
            connect.stop();
            try (Stream<Path> files = Files.walk(plugins)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
        figures.put("loadAverage", List.of(Stats.round(loadBefore, 2), Stats.round(loadAverage(), 2)));
        return figures;
    }

    private static void throughput(EmbeddedConnectCluster connect, String kafka, Map<String, Object> figures)
            throws Exception {
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        PATHS.forEach(path -> rates.put(path, new ArrayList<>()));
        // Round 0 warms the JIT up and is not counted.
        for (int round = 0; round <= ROUNDS; round++) {
            try (TestDatabase rows = Testkit.postgres().createDatabase("bench_connect_rows");
                    TestDatabase messages = Testkit.postgres().createDatabase("bench_connect_messages")) {
                WaybillMigrations.builder(rows.dataSource()).build().migrate();
                WaybillMigrations.builder(messages.dataSource()).build().migrate();
                String suffix = "r" + round + "_" + Long.toHexString(System.nanoTime() & 0xffffff);
                Map<String, String> slots = new LinkedHashMap<>();
                for (String path : PATHS) {
                    String slot = "waybill_" + path.toLowerCase(Locale.ROOT) + "_" + suffix;
                    slots.put(path, slot);
                    execute(
                            path.endsWith("Messages") ? messages : rows,
                            "SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
                }
                Backlog.writeRows(rows, EVENTS);
                Backlog.writeMessages(messages, EVENTS);
                List<String> order = new ArrayList<>(PATHS);
                Collections.rotate(order, round);
                for (String path : order) {
                    TestDatabase database = path.endsWith("Messages") ? messages : rows;
                    double seconds = path.startsWith("relay")
                            ? drainRelay(database, kafka, slots.get(path))
                            : drainConnect(connect, database, kafka, slots.get(path));
                    if (round > 0) {
                        rates.get(path).add(EVENTS / seconds);
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "  %s %-16s %,.0f events/s (%.1f s, until %s)%n",
                            round == 0 ? "warm-up" : "round " + round,
                            path,
                            EVENTS / seconds,
                            seconds,
                            java.time.Instant.now());
                }
            }
        }
        figures.put("events", EVENTS);
        figures.put("rounds", ROUNDS);
        figures.put("breakingShare", 1.0 / Backlog.BREAKING_EVERY);
        Map<String, Object> medians = new LinkedHashMap<>();
        rates.forEach((path, values) -> medians.put(path, Math.round(Stats.median(values))));
        figures.put("eventsPerSecond", medians);
        figures.put(
                "roundsEventsPerSecond",
                rates.entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey,
                                e -> e.getValue().stream().map(Math::round).toList(),
                                (a, b) -> a,
                                LinkedHashMap::new)));
        figures.put(
                "connectToRelay",
                Stats.round(Stats.median(rates.get("connect")) / Stats.median(rates.get("relay")), 3));
        figures.put(
                "connectMessagesToRelayMessages",
                Stats.round(Stats.median(rates.get("connectMessages")) / Stats.median(rates.get("relayMessages")), 3));
    }

    /** Seconds from the relay's start to the backlog's last record in Kafka. */
    private static double drainRelay(TestDatabase database, String kafka, String slot) throws Exception {
        RelayConfig config = LocalRelay.config(database, kafka, slot.substring("waybill_".length()))
                .set(RelaySettings.KAFKA_DEAD_LETTER_TOPIC, DEAD_LETTER)
                .set(RelaySettings.CAPTURE_SNAPSHOT, RelayConfig.Snapshot.NONE)
                .set(RelaySettings.RETENTION_MODE, RelayConfig.RetentionMode.OFF)
                .build();
        try (Delivered delivered = new Delivered(kafka, TOPICS)) {
            long start = System.nanoTime();
            try (Relay relay = Relay.start(config)) {
                return delivered.secondsUntil(
                        EVENTS,
                        start,
                        DRAIN_TIMEOUT,
                        () -> relay.live() ? null : "the relay stopped: " + relay.failure());
            }
        }
    }

    /** Seconds from the connector's creation to the backlog's last record in Kafka. */
    private static double drainConnect(EmbeddedConnectCluster connect, TestDatabase database, String kafka, String slot)
            throws Exception {
        try (Delivered delivered = new Delivered(kafka, TOPICS)) {
            long start = System.nanoTime();
            // The slot was created before the backlog: the connector streams it, as the relay does (no snapshot).
            try (BenchConnector connector =
                    BenchConnector.start(connect, database, slot, DEAD_LETTER, Map.of("snapshot.mode", "no_data"))) {
                return delivered.secondsUntil(EVENTS, start, DRAIN_TIMEOUT, connector.failure());
            }
        }
    }

    private static List<Map<String, Object>> latency(EmbeddedConnectCluster connect, String kafka) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (WriteMode mode : List.of(WriteMode.TABLE, WriteMode.MESSAGE)) {
            List<String> order = new ArrayList<>(List.of("relay", "connect"));
            if (mode == WriteMode.MESSAGE) {
                Collections.reverse(order);
            }
            for (String path : order) {
                try (TestDatabase database = Testkit.postgres().createDatabase("bench_connect_latency")) {
                    WaybillMigrations.builder(database.dataSource()).build().migrate();
                    String id = Long.toHexString(System.nanoTime() & 0xffffff);
                    String source = "/bench-connect/" + path + "/" + UUID.randomUUID();
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("path", path);
                    row.put("mode", mode.name().toLowerCase(Locale.ROOT));
                    if (path.equals("relay")) {
                        RelayConfig config = LocalRelay.config(database, kafka, "latency_" + id)
                                .set(RelaySettings.KAFKA_SOURCE, source)
                                .set(RelaySettings.KAFKA_DEAD_LETTER_TOPIC, DEAD_LETTER)
                                .build();
                        try (Relay relay = Relay.start(config)) {
                            while (!relay.ready()) {
                                Thread.sleep(50);
                            }
                            row.putAll(CommitToConsumer.measure(
                                    database, kafka, source, mode, RATE, WRITERS, WARM_UP, MEASURED));
                        }
                    } else {
                        String slot = "waybill_latency_connect_" + id;
                        try (BenchConnector connector = BenchConnector.start(
                                connect, database, slot, DEAD_LETTER, Map.of("transforms.waybill.source", source))) {
                            connector.awaitStreaming();
                            row.putAll(CommitToConsumer.measure(
                                    database, kafka, source, mode, RATE, WRITERS, WARM_UP, MEASURED));
                        }
                    }
                    rows.add(row);
                    System.out.println("  " + row);
                }
            }
        }
        return rows;
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The plugin archive the build produced (bin/benchmarks builds the connect module first). */
    private static Path archive() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("connect/target"))) {
            return files.filter(path -> path.getFileName().toString().matches("waybill-connect-.*-plugin\\.zip"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no connect/target/waybill-connect-*-plugin.zip: build the connect module first"));
        }
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    @Override
    @SuppressWarnings("unchecked")
    public String markdown(Map<String, Object> figures) {
        Map<String, Object> rates = (Map<String, Object>) figures.get("eventsPerSecond");
        StringBuilder md = new StringBuilder("## Kafka Connect against the sidecar\n\n");
        md.append("The same contract routing two ways: the **sidecar** relay, and **Kafka Connect**: Debezium's ")
                .append("PostgreSQL connector with the transform `dev.waybill.connect.ContractRouter` from the plugin ")
                .append("archive the build produced, on one Connect worker in the benchmark's JVM (Kafka's ")
                .append("`EmbeddedConnectCluster`, as the connect module's integration tests run it), with the ")
                .append(
                        "connector configuration of [connect.md](connect.md#the-connector-configuration) and Connect's ")
                .append("default producer settings. The relay runs in the same JVM and publishes to the same broker, ")
                .append("the Connect cluster's; PostgreSQL and Kafka run on the same 2 cores.\n\n");
        md.append(String.format(
                        Locale.ROOT,
                        "**Drain.** A backlog as in the relay throughput section, here %,d events (three contracts, ",
                        ((Number) figures.get("events")).longValue()))
                .append(String.format(
                        Locale.ROOT,
                        "~500-byte payloads, %.0f%% breaking their contract), committed as outbox rows to one ",
                        ((Number) figures.get("breakingShare")).doubleValue() * 100))
                .append("database and as logical decoding messages to another; each path reads its own slot, ")
                .append("created before the backlog was written (so the connector runs with `snapshot.mode` ")
                .append("`no_data` and the relay without a snapshot: both stream the backlog from the slot). Events ")
                .append("per second from the connector's creation (the relay's start) until the backlog's last ")
                .append("record is in Kafka (end offsets of the contract and dead-letter topics), start-up included. ")
                .append("The order of the four rotates every round; medians of ")
                .append(figures.get("rounds"))
                .append(" rounds after a warm-up round that is not counted.\n\n");
        md.append("| | rows: events/s | messages: events/s |\n|---|---:|---:|\n");
        md.append(String.format(
                Locale.ROOT,
                "| sidecar relay | %,d | %,d |%n",
                ((Number) rates.get("relay")).longValue(),
                ((Number) rates.get("relayMessages")).longValue()));
        md.append(String.format(
                Locale.ROOT,
                "| Kafka Connect: Debezium + ContractRouter | %,d | %,d |%n",
                ((Number) rates.get("connect")).longValue(),
                ((Number) rates.get("connectMessages")).longValue()));
        md.append(String.format(
                Locale.ROOT,
                "| **Connect / sidecar** | **%.2f** | **%.2f** |%n",
                ((Number) figures.get("connectToRelay")).doubleValue(),
                ((Number) figures.get("connectMessagesToRelayMessages")).doubleValue()));
        Map<String, List<Number>> rounds = (Map<String, List<Number>>) figures.get("roundsEventsPerSecond");
        Map<String, String> labels = Map.of(
                "relay", "sidecar rows",
                "connect", "Connect rows",
                "relayMessages", "sidecar messages",
                "connectMessages", "Connect messages");
        List<String> everyRound = new ArrayList<>();
        for (String path : PATHS) {
            everyRound.add(labels.get(path) + " "
                    + rounds.get(path).stream()
                            .map(rate -> String.format(Locale.ROOT, "%,d", rate.longValue()))
                            .collect(Collectors.joining(" / ")));
        }
        md.append("\nEvery round, events/s: ")
                .append(String.join("; ", everyRound))
                .append(".\n");
        List<Map<String, Object>> latency = (List<Map<String, Object>>) figures.get("latency");
        md.append(String.format(
                        Locale.ROOT,
                        "%n**Latency.** From the writer's `commit()` returning to a consumer reading the record, one "
                                + "event per transaction at %,d events/s (%d writers), ",
                        ((Number) latency.get(0).get("eventsPerSecond")).intValue(),
                        WRITERS))
                .append(MEASURED.toSeconds())
                .append(" s measured after 5 s of warm-up, each path alone on a fresh database with the slot it ")
                .append(
                        "creates itself (the connector with the documented configuration, heartbeats every second).\n\n");
        md.append("| path | write mode | samples | p50 ms | p99 ms | p99.9 ms | max ms |\n")
                .append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> row : latency) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %,d | %.1f | %.1f | %.1f | %.1f |%n",
                    row.get("path").equals("relay") ? "sidecar relay" : "Kafka Connect",
                    row.get("mode"),
                    ((Number) row.get("samples")).intValue(),
                    ((Number) row.get("p50Millis")).doubleValue(),
                    ((Number) row.get("p99Millis")).doubleValue(),
                    ((Number) row.get("p999Millis")).doubleValue(),
                    ((Number) row.get("maxMillis")).doubleValue()));
        }
        List<Number> load = (List<Number>) figures.get("loadAverage");
        Map<String, Object> machine = (Map<String, Object>) figures.get("machine");
        double cores = ((Number) machine.get("cores")).doubleValue();
        md.append(String.format(
                Locale.ROOT,
                "%nLoad average (1 min) %.2f when this section started and %.2f when it ended, on %.0f cores, the "
                        + "benchmark's own processes included%s.%n",
                load.get(0).doubleValue(),
                load.get(1).doubleValue(),
                cores,
                load.get(0).doubleValue() > cores / 2
                        ? ": the machine was shared with other work during the run, so the absolute figures are low "
                                + "and noisy; the ratios compare paths measured alternately under the same load"
                        : ""));
        return md.toString();
    }
}
