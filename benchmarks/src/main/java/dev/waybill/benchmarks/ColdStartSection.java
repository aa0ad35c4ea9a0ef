package dev.waybill.benchmarks;

import dev.waybill.benchmarks.OperatorProcess.Kind;
import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.Testkit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The relay as operators start it, against plain Debezium started the same way ({@link OperatorProcess}): a cold JVM
 * with the heap capped at 128 MB. Two situations, each on a fresh database whose slot exists before the first event:
 * <ul>
 *   <li><b>Catch-up</b>: a backlog committed while nothing ran, as after a restart or an outage; the time from the
 *       process's start to the backlog's last record read from Kafka.
 *   <li><b>Start under load</b>: a writer commits {@value #RATE} events/s from 1 s before the start on; the time from
 *       the start to the first record read, and to streaming: the first record read within
 *       {@value #SOON_MILLIS} ms of its commit.
 * </ul>
 * Each round runs both pipelines, alternating which goes first.
 */
final class ColdStartSection implements Section {

    private static final int BACKLOG = Integer.getInteger("waybill.bench.cold-start.backlog", 100_000);
    private static final int ROUNDS = Integer.getInteger("waybill.bench.cold-start.rounds", 3);
    /** Keep the processes' logs (and the unpacked distribution) to read their timelines: explore, do not commit. */
    private static final boolean KEEP = Boolean.getBoolean("waybill.bench.cold-start.keep");

    private static final int RATE = 500;
    private static final int SOON_MILLIS = 250;
    private static final Duration LEAD = Duration.ofSeconds(1);
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final Map<Kind, String> NAMES = Map.of(Kind.RELAY, "relay", Kind.PLAIN_DEBEZIUM, "plainDebezium");

    @Override
    public String key() {
        return "cold-start";
    }

    @Override
    public List<Figure> figures(Map<String, Object> data) {
        return new ColdStartFigures(key(), data).figures();
    }

    @Override
    public Map<String, Object> run() throws Exception {
        TestKafka kafka = Testkit.kafka();
        Path work = Files.createTempDirectory("waybill-cold-start");
        Path relayHome = OperatorProcess.unpackRelay(Files.createDirectories(work.resolve("installation")));
        Map<String, Map<String, List<Double>>> measured = new LinkedHashMap<>();
        try {
            measure(relayHome, kafka, work, measured);
        } catch (Exception | Error e) {
            throw new IllegalStateException("cold start failed; the processes' logs are kept in " + work, e);
        }
        if (KEEP) {
            System.out.println("  the processes' logs are kept in " + work);
            return result(measured);
        }
        try (Stream<Path> files = Files.walk(work)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
        return result(measured);
    }

    private static Map<String, Object> result(Map<String, Map<String, List<Double>>> measured) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("backlog", BACKLOG);
        figures.put("eventsPerSecondUnderLoad", RATE);
        figures.put("soonMillis", SOON_MILLIS);
        figures.put("rounds", ROUNDS);
        figures.put("heapCap", "128 MB");
        figures.putAll(measured);
        return figures;
    }

    private static void measure(
            Path relayHome, TestKafka kafka, Path work, Map<String, Map<String, List<Double>>> measured)
            throws Exception {
        int run = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<Kind> order = round % 2 == 0
                    ? List.of(Kind.RELAY, Kind.PLAIN_DEBEZIUM)
                    : List.of(Kind.PLAIN_DEBEZIUM, Kind.RELAY);
            for (Kind kind : order) {
                String prefix = "cold-" + System.currentTimeMillis() + "-" + run++;
                String backlog = prefix + "-backlog";
                String load = prefix + "-load";
                record(measured, kind, catchUp(kind, relayHome, kafka, backlog, work.resolve(backlog)));
                record(measured, kind, underLoad(kind, relayHome, kafka, load, work.resolve(load)));
                System.out.println(
                        "  round " + (round + 1) + " " + NAMES.get(kind) + ": " + measured.get(NAMES.get(kind)));
            }
        }
    }

    private static void record(Map<String, Map<String, List<Double>>> measured, Kind kind, Map<String, Double> run) {
        Map<String, List<Double>> rounds = measured.computeIfAbsent(NAMES.get(kind), name -> new LinkedHashMap<>());
        run.forEach((name, value) ->
                rounds.computeIfAbsent(name, k -> new ArrayList<>()).add(value));
    }

    /** The backlog committed first, then the process started onto it. */
    private static Map<String, Double> catchUp(Kind kind, Path relayHome, TestKafka kafka, String prefix, Path work)
            throws Exception {
        try (TestDatabase database = freshDatabase(kind)) {
            Backlog.writeRows(database, BACKLOG);
            try (Arrivals arrivals = new Arrivals(
                    kafka.bootstrapServers(), OperatorProcess.topics(kind, prefix), null, Duration.ZERO, BACKLOG)) {
                try (OperatorProcess process =
                        OperatorProcess.start(kind, relayHome, database, kafka.bootstrapServers(), prefix, work)) {
                    long drained = await(process, () -> arrivals.reachedNanos(0), arrivals);
                    Map<String, Double> run = new LinkedHashMap<>();
                    run.put("backlogStartToFirstRecordMillis", millis(process.startedNanos, arrivals.firstNanos()));
                    run.put("backlogStartToDrainedMillis", millis(process.startedNanos, drained));
                    run.put(
                            "backlogEventsPerSecond",
                            Stats.round(BACKLOG / ((drained - process.startedNanos) / 1e9), 0));
                    return run;
                }
            }
        }
    }

    /** A writer committing {@value #RATE} events/s, and the process started 1 s into it. */
    private static Map<String, Double> underLoad(Kind kind, Path relayHome, TestKafka kafka, String prefix, Path work)
            throws Exception {
        try (TestDatabase database = freshDatabase(kind)) {
            AtomicLongArray committedAt = new AtomicLongArray((int) (RATE * (PATIENCE.toSeconds() + 60)));
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicReference<Exception> writerFailure = new AtomicReference<>();
            Thread writer = new Thread(
                    () -> {
                        try {
                            write(database, committedAt, writing);
                        } catch (Exception e) {
                            writerFailure.set(e);
                        }
                    },
                    "cold-start-writer");
            try (Arrivals arrivals = new Arrivals(
                    kafka.bootstrapServers(),
                    OperatorProcess.topics(kind, prefix),
                    committedAt,
                    Duration.ofMillis(SOON_MILLIS))) {
                writer.start();
                Thread.sleep(LEAD.toMillis());
                try (OperatorProcess process =
                        OperatorProcess.start(kind, relayHome, database, kafka.bootstrapServers(), prefix, work)) {
                    long ready = 0;
                    long streaming = 0;
                    long deadline = System.nanoTime() + PATIENCE.toNanos();
                    while (streaming == 0 || (kind == Kind.RELAY && ready == 0)) {
                        process.checkAlive();
                        if (writerFailure.get() != null) {
                            throw new IllegalStateException("the writer failed", writerFailure.get());
                        }
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException(kind + " was not streaming " + PATIENCE.toMinutes()
                                    + " minutes after its start; " + arrivals.count() + " records read");
                        }
                        if (ready == 0 && process.ready()) {
                            ready = System.nanoTime();
                        }
                        streaming = arrivals.soonAfterCommitNanos();
                        Thread.sleep(20);
                    }
                    Map<String, Double> run = new LinkedHashMap<>();
                    run.put("loadStartToFirstRecordMillis", millis(process.startedNanos, arrivals.firstNanos()));
                    run.put("loadStartToStreamingMillis", millis(process.startedNanos, streaming));
                    if (kind == Kind.RELAY) {
                        run.put("loadStartToReadyMillis", millis(process.startedNanos, ready));
                    }
                    return run;
                }
            } finally {
                writing.set(false);
                writer.join();
            }
        }
    }

    /** A database of its own, migrated, with {@code kind}'s slot made before any event. */
    private static TestDatabase freshDatabase(Kind kind) throws SQLException {
        TestDatabase database = Testkit.postgres().createDatabase("bench_cold");
        WaybillMigrations.builder(database.dataSource()).build().migrate();
        OperatorProcess.createSlot(kind, database);
        return database;
    }

    private static long await(OperatorProcess process, LongSupplier reached, Arrivals arrivals)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        long at;
        while ((at = reached.getAsLong()) == 0) {
            process.checkAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(process.kind + " published " + arrivals.count() + " of " + BACKLOG
                        + " events in " + PATIENCE.toMinutes() + " minutes");
            }
            Thread.sleep(20);
        }
        return at;
    }

    /** One {@code bench.order-placed} event per transaction, key {@code ORD-<n>}, noting each commit's time. */
    private static void write(TestDatabase database, AtomicLongArray committedAt, AtomicBoolean writing)
            throws SQLException, InterruptedException {
        OutboxWriter outbox = OutboxWriter.create();
        long interval = 1_000_000_000L / RATE;
        long next = System.nanoTime();
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            for (int event = 0; writing.get() && event < committedAt.length(); event++) {
                outbox.write(connection, CommitToConsumer.orderPlaced("ORD-" + event));
                connection.commit();
                committedAt.set(event, System.nanoTime());
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
    }

    private static double millis(long from, long to) {
        if (to == 0) {
            throw new IllegalStateException("an arrival was not noted");
        }
        return Stats.round((to - from) / 1e6, 0);
    }

    @Override
    public String markdown(Map<String, Object> figures) {
        return ColdStartFigures.markdown(figures);
    }
}
