package dev.waybill.benchmarks;

import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelayEndpoints;
import dev.waybill.relay.RelaySettings;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.Testkit;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relay as operators run it, a process of its own with the heap capped at 128 MB: how long from start to
 * streaming, and how much heap and resident memory it uses while draining a backlog at full speed.
 */
final class FootprintSection implements Section {

    private static final int BACKLOG = 100_000;
    private static final String HEAP = "128m";
    private static final Pattern HEAP_USED = Pattern.compile("jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)");
    private static final Pattern COUNTER =
            Pattern.compile("waybill_events_(?:published|dead_lettered)_total\\{[^}]*} ([0-9.E+]+)");

    @Override
    public String key() {
        return "footprint";
    }

    @Override
    public List<Figure> figures(Map<String, Object> data) {
        String heap = String.valueOf(data.get("heapCap"));
        return List.of(
                Figure.of(
                                key() + ".start-to-streaming",
                                "relay process started cold to streaming (ready, Kafka reachable), `-Xmx" + heap + "`",
                                FigureData.number(data, "startToReadyMillis"),
                                "ms",
                                List.of())
                        .goal("<=", 3000),
                Figure.of(
                                key() + ".max-rss",
                                "relay resident memory while draining at full speed, `-Xmx" + heap + "`",
                                Stats.round(FigureData.number(data, "maxRssBytes") / 1e6, 0),
                                "MB",
                                List.of())
                        .goal("<", 300),
                Figure.of(
                        key() + ".events-per-second-at-cap",
                        "relay process draining a backlog, `-Xmx" + heap + "`",
                        FigureData.number(data, "eventsPerSecondAtCap"),
                        "events/s",
                        List.of()));
    }

    @Override
    public Map<String, Object> run() throws Exception {
        TestKafka kafka = Testkit.kafka();
        Path jar = Path.of("outbox-relay/target/waybill-relay.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: bin/benchmarks builds it");
        }
        try (TestDatabase database = Testkit.postgres().createDatabase("bench_footprint")) {
            WaybillMigrations.builder(database.dataSource()).build().migrate();
            try (Connection connection = database.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_create_logical_replication_slot('waybill_footprint', 'pgoutput')");
            }
            Backlog.writeRows(database, BACKLOG);
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            RelayConfig config = LocalRelay.config(database, kafka, "footprint")
                    .set(RelaySettings.KAFKA_DEAD_LETTER_TOPIC, "bench.dead-letter.footprint")
                    .set(RelaySettings.CAPTURE_SNAPSHOT, RelayConfig.Snapshot.NONE)
                    .set(RelaySettings.HTTP_PORT, port)
                    .build();
            // The executable reads what --print-config prints; the password, never printed, comes from the environment.
            Path file = Files.createTempFile("waybill-footprint", ".yaml");
            file.toFile().deleteOnExit();
            Files.writeString(file, config.describe());
            ProcessBuilder builder = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx" + HEAP,
                            "-jar",
                            jar.toString(),
                            "relay",
                            "--config",
                            file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put(RelaySettings.DATABASE_PASSWORD.variable(), database.password());
            long started = System.nanoTime();
            Process process = builder.start();
            try {
                while (RelayHttp.status(port, RelayEndpoints.READY) != 200) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the relay process exited with " + process.exitValue());
                    }
                    Thread.sleep(20);
                }
                long readyMillis = (System.nanoTime() - started) / 1_000_000;
                long maxRss = 0;
                double maxHeap = 0;
                long drainStart = System.nanoTime();
                while (true) {
                    String metrics = RelayHttp.body(port, RelayEndpoints.METRICS);
                    if (metrics == null) {
                        throw new IllegalStateException("the relay stopped answering on port " + port);
                    }
                    maxHeap = Math.max(maxHeap, sum(HEAP_USED, metrics));
                    maxRss = Math.max(maxRss, rssBytes(process.pid()));
                    if (sum(COUNTER, metrics) >= BACKLOG) {
                        break;
                    }
                    if ((System.nanoTime() - drainStart) / 1e9 > 300) {
                        throw new IllegalStateException("the backlog did not drain in 5 minutes");
                    }
                    Thread.sleep(100);
                }
                double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
                Map<String, Object> figures = new LinkedHashMap<>();
                figures.put("heapCap", HEAP);
                figures.put("startToReadyMillis", readyMillis);
                figures.put("maxHeapUsedBytes", Math.round(maxHeap));
                figures.put("maxRssBytes", maxRss);
                figures.put("backlog", BACKLOG);
                figures.put("eventsPerSecondAtCap", Math.round(BACKLOG / drainSeconds));
                System.out.println("  " + figures);
                return figures;
            } finally {
                process.destroy();
                process.waitFor();
            }
        }
    }

    private static double sum(Pattern pattern, String text) {
        double total = 0;
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }

    private static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return 0;
    }

    @Override
    public String markdown(Map<String, Object> figures) {
        StringBuilder md = new StringBuilder("## Footprint\n\n");
        md.append("The relay as a process of its own (`java -Xmx")
                .append(figures.get("heapCap"))
                .append(" -jar outbox-relay/target/waybill-relay.jar relay`), draining a committed backlog of ")
                .append(String.format(Locale.ROOT, "%,d", ((Number) figures.get("backlog")).longValue()))
                .append(" events at full speed. Targets: streaming within 3 s; RSS under 300 MB with the heap ")
                .append("capped at 128 MB.\n\n");
        md.append("| start to ready (streaming, Kafka reachable) | max heap used | max RSS | events/s at the cap |\n")
                .append("|---:|---:|---:|---:|\n");
        md.append(String.format(
                Locale.ROOT,
                "| %,d ms | %.0f MB | %.0f MB | %,d |%n",
                ((Number) figures.get("startToReadyMillis")).longValue(),
                ((Number) figures.get("maxHeapUsedBytes")).doubleValue() / 1e6,
                ((Number) figures.get("maxRssBytes")).doubleValue() / 1e6,
                ((Number) figures.get("eventsPerSecondAtCap")).longValue()));
        return md.toString();
    }
}
