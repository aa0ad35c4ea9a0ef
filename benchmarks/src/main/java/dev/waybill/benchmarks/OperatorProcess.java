package dev.waybill.benchmarks;

import dev.waybill.relay.RelayEndpoints;
import dev.waybill.testkit.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A pipeline started cold as a process of its own, the way an operator starts it: the relay from its unpacked
 * distribution ({@code bin/waybill-relay}, configured by {@code WAYBILL_*} variables, the launcher's default heap cap of
 * 128 MB), or {@link PlainDebeziumProcess} with the same heap cap and the same JVM flag. Each publishes to topics of
 * its own under a prefix, so one run's records are never counted in another's.
 */
final class OperatorProcess implements AutoCloseable {

    enum Kind {
        RELAY,
        PLAIN_DEBEZIUM
    }

    private static final String RELAY_NAME = "cold";
    private static final String PLAIN_SLOT = "plain_cold";
    private static final String PUBLICATION = "waybill_outbox";
    private static final String HEAP = "-Xmx128m";
    private static final Path DISTRIBUTIONS = Path.of("distribution/target");
    private static final Path BENCHMARKS_JAR = Path.of("benchmarks/target/benchmarks.jar");

    final Kind kind;
    /** {@link System#nanoTime()} just before the process was started. */
    final long startedNanos;

    private final Process process;
    private final int httpPort;

    private OperatorProcess(Kind kind, long startedNanos, Process process, int httpPort) {
        this.kind = kind;
        this.startedNanos = startedNanos;
        this.process = process;
        this.httpPort = httpPort;
    }

    /** The relay's distribution unpacked into {@code into} with the system's tar, as an operator would. */
    static Path unpackRelay(Path into) throws IOException, InterruptedException {
        Path archive;
        try (Stream<Path> files = Files.list(DISTRIBUTIONS)) {
            archive = files.filter(file -> file.getFileName().toString().matches("waybill-relay-.*\\.tar\\.gz"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no waybill-relay-*.tar.gz in " + DISTRIBUTIONS + ": bin/benchmarks builds it"));
        }
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", into.toString())
                .inheritIO()
                .start();
        if (!tar.waitFor(2, TimeUnit.MINUTES) || tar.exitValue() != 0) {
            throw new IllegalStateException("could not unpack " + archive);
        }
        try (Stream<Path> unpacked = Files.list(into)) {
            return unpacked.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    /** The topics {@code kind} publishes to under {@code prefix}, dead letters included. */
    static List<String> topics(Kind kind, String prefix) {
        return switch (kind) {
            case RELAY ->
                List.of(
                        prefix + ".bench.order-placed.v1",
                        prefix + ".bench.payment-captured.v1",
                        prefix + ".bench.parcel-shipped.v1",
                        prefix + ".dead-letter");
            case PLAIN_DEBEZIUM -> List.of(prefix + ".order", prefix + ".payment", prefix + ".parcel");
        };
    }

    /**
     * The slot {@code kind} streams from, made now: what was committed after this call waits for it, as a backlog
     * waits for a relay that stopped.
     */
    static void createSlot(Kind kind, TestDatabase database) throws SQLException {
        String slot = kind == Kind.RELAY ? "waybill_" + RELAY_NAME : PLAIN_SLOT;
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
        }
    }

    /** Starts {@code kind} on {@code database}; {@code work} holds its contracts, offsets and log. */
    static OperatorProcess start(
            Kind kind, Path relayHome, TestDatabase database, String bootstrapServers, String prefix, Path work)
            throws IOException {
        Path log = Files.createDirectories(work).resolve(kind.name().toLowerCase(Locale.ROOT) + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder;
        int port = -1;
        if (kind == Kind.RELAY) {
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            builder = new ProcessBuilder(relayHome.resolve("bin/waybill-relay").toString());
            builder.environment().keySet().removeIf(key -> key.startsWith("WAYBILL_") || key.equals("JAVA_OPTS"));
            builder.environment()
                    .putAll(Map.of(
                            "JAVA_HOME",
                            System.getProperty("java.home"),
                            "WAYBILL_RELAY_NAME",
                            RELAY_NAME,
                            "WAYBILL_DATABASE_URL",
                            database.jdbcUrl(),
                            "WAYBILL_DATABASE_USER",
                            database.username(),
                            "WAYBILL_DATABASE_PASSWORD",
                            database.password(),
                            "WAYBILL_KAFKA_BOOTSTRAP_SERVERS",
                            bootstrapServers,
                            "WAYBILL_KAFKA_DEAD_LETTER_TOPIC",
                            prefix + ".dead-letter",
                            "WAYBILL_CONTRACTS_DIRECTORY",
                            contracts(work, prefix).toString(),
                            "WAYBILL_CAPTURE_SNAPSHOT",
                            "none",
                            "WAYBILL_HTTP_HOST",
                            "127.0.0.1"));
            builder.environment().put("WAYBILL_HTTP_PORT", Integer.toString(port));
            if (Boolean.getBoolean("waybill.bench.cold-start.keep")) {
                // Explore with the timeline: what each start spends its seconds on.
                builder.environment().put("WAYBILL_LOG_LEVEL", "INFO");
            }
        } else {
            List<String> command = new ArrayList<>(List.of(
                    java,
                    HEAP,
                    "-XX:+ExitOnOutOfMemoryError",
                    "-cp",
                    BENCHMARKS_JAR.toString(),
                    PlainDebeziumProcess.class.getName()));
            command.addAll(List.of(
                    database.jdbcUrl(),
                    database.username(),
                    PLAIN_SLOT,
                    PUBLICATION,
                    prefix,
                    bootstrapServers,
                    work.resolve("plain-offsets.dat").toString()));
            builder = new ProcessBuilder(command);
            builder.environment().put(PlainDebeziumProcess.PASSWORD_VARIABLE, database.password());
        }
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        long started = System.nanoTime();
        return new OperatorProcess(kind, started, builder.start(), port);
    }

    /** The benchmark contracts with their topics under {@code prefix}. */
    private static Path contracts(Path work, String prefix) throws IOException {
        Path target = Files.createDirectories(work.resolve("contracts"));
        try (Stream<Path> files = Files.walk(LocalRelay.CONTRACTS)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = target.resolve(LocalRelay.CONTRACTS.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.writeString(
                        copy,
                        Files.readString(file).replace("physicalName: bench.", "physicalName: " + prefix + ".bench."));
            }
        }
        return target;
    }

    /** Whether the relay answers ready (the plain pipeline has no such endpoint: false). */
    boolean ready() {
        return kind == Kind.RELAY && RelayHttp.status(httpPort, RelayEndpoints.READY) == 200;
    }

    /** Fails with the exit code if the process has stopped. */
    void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(kind + " exited with " + process.exitValue() + " (its log is kept)");
        }
    }

    /** SIGTERM, as a supervisor stops it; SIGKILL if it has not stopped within 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
