package dev.waybill.benchmarks;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.outbox.WriteMode;
import dev.waybill.testkit.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Commit-to-consumer latency at a steady rate: writers commit {@code bench.order-placed} events, noting when each
 * {@code commit()} returned, and a consumer of {@code bench.order-placed.v1} notes when it reads each record (matched
 * by {@code ce_id}, only records of {@code ce_source} {@code source}). Whatever publishes, relay or Connect, runs in
 * this JVM: one clock. The measured time is cut into rounds; each sample counts in the round its commit fell in.
 */
final class CommitToConsumer {

    private static final String TOPIC = "bench.order-placed.v1";
    /** How long the last records may take through the pipeline before the missing ones count as lost samples. */
    private static final long DRAIN_NANOS = Duration.ofSeconds(30).toNanos();

    private static final WallClock WALL = new WallClock();

    /**
     * The load: {@code writers} threads, each on its own connection, committing transactions of
     * {@code eventsPerTransaction} events (one {@code writeAll} statement) at an even pace that adds up to
     * {@code eventsPerSecond}. A writer that falls behind commits without pausing until it has caught up.
     */
    record Load(int eventsPerSecond, int writers, int eventsPerTransaction) {}

    private CommitToConsumer() {}

    /** One event per transaction, one round of {@code measured}. */
    static Map<String, Object> measure(
            TestDatabase database,
            String bootstrapServers,
            String source,
            WriteMode mode,
            int rate,
            int writers,
            Duration warmUp,
            Duration measured)
            throws Exception {
        return measure(database, bootstrapServers, source, mode, new Load(rate, writers, 1), warmUp, 1, measured);
    }

    /** Writes for {@code warmUp + rounds * round}; the figures of what was committed after warmUp. */
    static Map<String, Object> measure(
            TestDatabase database,
            String bootstrapServers,
            String source,
            WriteMode mode,
            Load load,
            Duration warmUp,
            int rounds,
            Duration round)
            throws Exception {
        Map<String, Long> committedAt = new ConcurrentHashMap<>();
        Map<String, Long> early = new ConcurrentHashMap<>();
        long roundNanos = round.toNanos();
        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long end = measureFrom + rounds * roundNanos;
        Window window = new Window(measureFrom, roundNanos, rounds, load.eventsPerSecond() * round.toSeconds());
        AtomicBoolean consuming = new AtomicBoolean(true);
        Thread consumer = new Thread(
                () -> consume(bootstrapServers, source, committedAt, early, window, consuming), "latency-consumer");
        consumer.start();
        ExecutorService pool = Executors.newFixedThreadPool(load.writers());
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < load.writers(); w++) {
                int writer = w;
                writers.add(pool.submit(() -> {
                    write(database, mode, load, writer, end, committedAt, window);
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();
            }
            // The last records' way through the pipeline: until every measured commit has been read, or a deadline.
            long deadline = System.nanoTime() + DRAIN_NANOS;
            while (window.samples() + early.size() < window.committed() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            pool.shutdownNow();
            consuming.set(false);
            consumer.join();
        }
        long now = System.nanoTime();
        for (Map.Entry<String, Long> commit : committedAt.entrySet()) {
            Long readAt = early.get(commit.getKey());
            if (readAt != null) {
                window.read(commit.getValue(), Math.max(readAt, commit.getValue()));
            } else {
                // Never read: it counts with the time it has waited so far, and its percentiles become lower bounds.
                window.unread(commit.getValue(), now);
            }
        }
        return window.figures(load, round);
    }

    /** Commits transactions of events at a steady pace, noting when each commit returned. */
    private static void write(
            TestDatabase database,
            WriteMode mode,
            Load load,
            int writer,
            long end,
            Map<String, Long> committedAt,
            Window window)
            throws Exception {
        OutboxWriter outbox = OutboxWriter.create().withMode(mode);
        long interval = 1_000_000_000L * load.writers() * load.eventsPerTransaction() / load.eventsPerSecond();
        long next = System.nanoTime();
        int sequence = 0;
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            while (System.nanoTime() < end) {
                List<OutboxEvent> events = new ArrayList<>(load.eventsPerTransaction());
                for (int e = 0; e < load.eventsPerTransaction(); e++) {
                    // The contract wants ORD- and digits; events that break it would be dead-lettered, never read.
                    events.add(orderPlaced("ORD-" + (writer * 1_000_000_000L + sequence++)));
                }
                if (events.size() == 1) {
                    outbox.write(connection, events.get(0));
                } else {
                    outbox.writeAll(connection, events);
                }
                connection.commit();
                long committed = System.nanoTime();
                for (OutboxEvent event : events) {
                    committedAt.put(event.id().toString(), committed);
                }
                window.committed(committed, events.size());
                next += interval;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
        }
    }

    /** A valid {@code bench.order-placed} 1.0.0 event of aggregate {@code order} (ORD- and digits, as it wants). */
    static OutboxEvent orderPlaced(String order) {
        return OutboxEvent.builder()
                .contract("bench.order-placed")
                .schemaVersion("1.0.0")
                .aggregate("order", order)
                .payload("{\"orderId\":\"" + order + "\",\"customerId\":\"CUS-1\","
                        + "\"amountCents\":1250,\"currency\":\"EUR\",\"items\":1,\"channel\":\"web\","
                        + "\"occurredAt\":\"2026-11-26T10:15:30Z\"}")
                .build();
    }

    private static void consume(
            String bootstrapServers,
            String source,
            Map<String, Long> committedAt,
            Map<String, Long> early,
            Window window,
            AtomicBoolean consuming) {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", bootstrapServers);
        properties.setProperty("group.id", "bench-latency-" + UUID.randomUUID());
        properties.setProperty("auto.offset.reset", "latest");
        properties.setProperty("fetch.min.bytes", "1");
        properties.setProperty("fetch.max.wait.ms", "5");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            while (consuming.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                    long now = System.nanoTime();
                    if (!source.equals(header(record, "ce_source"))) {
                        continue;
                    }
                    Long committed = committedAt.remove(header(record, "ce_id"));
                    if (committed != null) {
                        window.read(committed, now);
                        String relayedAt = header(record, "ce_waybillrelayedat");
                        if (relayedAt != null) {
                            window.split(committed, WALL.toNanos(Instant.parse(relayedAt)), now);
                        }
                    } else {
                        // Read before its writer noted the commit: matched once the consumer has stopped.
                        early.put(header(record, "ce_id"), now);
                    }
                }
            }
        }
    }

    /**
     * This JVM's {@link System#nanoTime()} against the wall clock, taken once: the relay stamps each batch with the
     * wall-clock time it began routing it ({@code ce_waybillrelayedat}, to the microsecond), which this turns into
     * the writers' and the consumer's clock.
     */
    private static final class WallClock {
        private final long wallMinusNanoTime;

        WallClock() {
            Instant wall = Instant.now();
            long nano = System.nanoTime();
            wallMinusNanoTime = wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - nano;
        }

        long toNanos(Instant wall) {
            return wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - wallMinusNanoTime;
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * The measured time, cut into rounds: commits counted per round (by the writers) and latencies per round (by the
     * one consumer thread; read once it has stopped).
     */
    private static final class Window {
        private final long from;
        private final long roundNanos;
        private final AtomicLongArray committed;
        private final long[][] latencies;
        private final int[] counts;
        /** Commit to the relay's routing of the batch, and from there to the consumer, for samples in the window. */
        private final long[] toRelay;

        private final long[] fromRelay;
        private int splits;
        private volatile long samples;
        /** Commits in the window never read within the drain time. */
        private long unread;

        Window(long from, long roundNanos, int rounds, long expectedPerRound) {
            this.from = from;
            this.roundNanos = roundNanos;
            this.committed = new AtomicLongArray(rounds);
            // Twice the target: a writer catching up after a stall may commit more than its share in a round.
            this.latencies = new long[rounds][(int) (2 * expectedPerRound + 1000)];
            this.counts = new int[rounds];
            this.toRelay = new long[rounds * (int) (2 * expectedPerRound + 1000)];
            this.fromRelay = new long[toRelay.length];
        }

        private int round(long committedAt) {
            long offset = committedAt - from;
            return offset < 0 ? -1 : (int) Math.min(offset / roundNanos, Integer.MAX_VALUE);
        }

        void committed(long at, int events) {
            int round = round(at);
            if (round >= 0 && round < counts.length) {
                committed.addAndGet(round, events);
            }
        }

        void read(long committedAt, long readAt) {
            int round = round(committedAt);
            if (round >= 0 && round < counts.length && counts[round] < latencies[round].length) {
                latencies[round][counts[round]++] = readAt - committedAt;
                samples++; // one thread at a time: the consumer, then (once it stopped) the caller
            }
        }

        /** Splits a sample read by the consumer at the time the relay began routing its batch. */
        void split(long committedAt, long relayedAt, long readAt) {
            int round = round(committedAt);
            if (round >= 0 && round < counts.length && splits < toRelay.length) {
                toRelay[splits] = relayedAt - committedAt;
                fromRelay[splits++] = readAt - relayedAt;
            }
        }

        /** Adds a commit never read as a sample of the time it waited until {@code now}. */
        void unread(long committedAt, long now) {
            int round = round(committedAt);
            if (round >= 0 && round < counts.length && counts[round] < latencies[round].length) {
                latencies[round][counts[round]++] = now - committedAt;
                unread++;
            }
        }

        long committed() {
            long total = 0;
            for (int r = 0; r < counts.length; r++) {
                total += committed.get(r);
            }
            return total;
        }

        long samples() {
            return samples;
        }

        Map<String, Object> figures(Load load, Duration round) {
            for (int r = 0; r < counts.length; r++) {
                if (counts[r] == 0) {
                    throw new IllegalStateException(
                            "nothing was committed in round " + (r + 1) + ": committed per round " + committed);
                }
            }
            double seconds = round.toNanos() / 1e9;
            long[] all = new long[0];
            List<Double> achieved = new ArrayList<>();
            List<Double> p50 = new ArrayList<>();
            List<Double> p99 = new ArrayList<>();
            List<Double> p999 = new ArrayList<>();
            for (int r = 0; r < counts.length; r++) {
                long[] these = Arrays.copyOf(latencies[r], counts[r]);
                achieved.add((double) Math.round(committed.get(r) / seconds));
                p50.add(millis(these, 50));
                p99.add(millis(these, 99));
                p999.add(millis(these, 99.9));
                all = concat(all, these);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("eventsPerSecond", load.eventsPerSecond());
            row.put("achievedEventsPerSecond", Math.round(committed() / (seconds * counts.length)));
            row.put("writers", load.writers());
            row.put("eventsPerTransaction", load.eventsPerTransaction());
            row.put("committed", committed());
            row.put("samples", all.length - unread);
            row.put("unread", unread);
            row.put("p50Millis", millis(all, 50));
            row.put("p99Millis", millis(all, 99));
            row.put("p999Millis", millis(all, 99.9));
            row.put("maxMillis", millis(all, 100));
            if (splits > 0) {
                long[] toRelayed = Arrays.copyOf(toRelay, splits);
                long[] fromRelayed = Arrays.copyOf(fromRelay, splits);
                row.put("commitToRelayP50Millis", millis(toRelayed, 50));
                row.put("commitToRelayP99Millis", millis(toRelayed, 99));
                row.put("relayToConsumerP50Millis", millis(fromRelayed, 50));
                row.put("relayToConsumerP99Millis", millis(fromRelayed, 99));
            }
            row.put("roundSeconds", seconds);
            row.put("roundsAchievedEventsPerSecond", achieved);
            row.put("roundsP50Millis", p50);
            row.put("roundsP99Millis", p99);
            row.put("roundsP999Millis", p999);
            return row;
        }

        private static double millis(long[] nanos, double percentile) {
            return Stats.round(Stats.percentileMillis(nanos, nanos.length, percentile), 1);
        }

        private static long[] concat(long[] a, long[] b) {
            long[] both = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            return both;
        }
    }
}
