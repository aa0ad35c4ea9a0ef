package dev.waybill.relay;

import static dev.waybill.relay.RelayFixture.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.outbox.WriteMode;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay as a separate process, with two standbys beside it, killed with SIGKILL again and again (whichever relay
 * is active, at a random moment 1-3 s after it began streaming; a new standby replaces it) while 8 writers commit
 * (and roll back), half of them outbox rows and half logical decoding messages: every committed event arrives, no
 * rolled-back one does, each aggregate's events keep their order, and every duplicate is a redelivery of the same
 * event id.
 */
@WaybillTest
class CrashIT {

    private static final int WRITERS = 8;
    private static final int AGGREGATES_PER_WRITER = 25;
    private static final int COMMITTED_PER_WRITER = 3_750;
    private static final int KILLS = 6;

    // The relays' logs stay when the test fails: they are what explains a missing event.
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path logs;

    @Test
    void sigkilledRelayLosesNothingInventsNothingAndKeepsOrder(TestDatabase database, TestKafka kafka)
            throws Exception {
        RelayFixture.migrate(database);
        Map<String, String> env = RelayFixture.environment(database, kafka, "crash");
        // To compare the replay window of another flush policy: -Dwaybill.crash.offset-flush-interval=1s.
        String flushInterval = System.getProperty("waybill.crash.offset-flush-interval");
        if (flushInterval != null) {
            env.put("WAYBILL_CAPTURE_OFFSET_FLUSH_INTERVAL", flushInterval);
        }
        Set<String> committed = ConcurrentHashMap.newKeySet();
        Set<String> rolledBack = ConcurrentHashMap.newKeySet();
        Random random = new Random(7);

        List<RelayProcess> relays = new ArrayList<>();
        for (int run = 0; run < 3; run++) {
            relays.add(start(env, run));
        }
        // Messages need the slot to exist when they are written (the writer refuses them before): writers start
        // once the relay created it, as a service in MESSAGE mode must.
        await().atMost(Duration.ofSeconds(90))
                .until(() -> "1"
                        .equals(RelayFixture.query(
                                database,
                                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'waybill_crash'")));
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        long writingSince = System.nanoTime();
        List<Future<?>> writing = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writing.add(writers.submit(() -> {
                write(database, writer, committed, rolledBack);
                return null;
            }));
        }
        for (int kill = 1; kill <= KILLS; kill++) {
            // Killed while it streams (or catches up after the last take-over): the kills that leave duplicates.
            RelayProcess active = RelayProcess.awaitActive(relays, true);
            TimeUnit.MILLISECONDS.sleep(1_000 + random.nextInt(2_000));
            active.kill();
            relays.remove(active);
            relays.add(start(env, kill + 2));
        }
        for (Future<?> future : writing) {
            future.get();
        }
        // The replay window is a time (a batch, a flush interval): the write rate says what it means in events.
        double writeRate = committed.size() / ((System.nanoTime() - writingSince) / 1e9);
        writers.shutdown();
        try {
            Map<String, List<ConsumerRecord<byte[], byte[]>>> records =
                    RelayFixture.read(kafka, committed, "orders.order-placed.v1");

            assertThat(committed).hasSize(WRITERS * COMMITTED_PER_WRITER);
            assertThat(records.keySet()).as("every committed event arrived").containsAll(committed);
            assertThat(records.keySet()).as("no rolled-back event arrived").doesNotContainAnyElementsOf(rolledBack);
            long copies = records.values().stream().mapToLong(List::size).sum();
            records.forEach((id, list) ->
                    list.forEach(copy -> assertThat(header(copy, "ce_id")).isEqualTo(id)));
            RelayFixture.assertPerAggregateOrder(records);
            System.out.printf(
                    "CrashIT: %d events (%.0f committed/s), %d kills, %d duplicates (%.1f per kill), %d rolled back, "
                            + "offset-flush-interval %s%n",
                    committed.size(),
                    writeRate,
                    KILLS,
                    copies - committed.size(),
                    (copies - committed.size()) / (double) KILLS,
                    rolledBack.size(),
                    flushInterval == null ? "default" : flushInterval);
        } finally {
            relays.forEach(RelayProcess::close);
        }
    }

    private static void write(TestDatabase database, int writer, Set<String> committed, Set<String> rolledBack)
            throws Exception {
        // Half the writers write rows, half logical decoding messages: both must survive the kills alike.
        OutboxWriter outbox = OutboxWriter.create().withMode(writer % 2 == 0 ? WriteMode.TABLE : WriteMode.MESSAGE);
        int[] sequence = new int[AGGREGATES_PER_WRITER];
        int written = 0;
        int transaction = 0;
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            while (written < COMMITTED_PER_WRITER) {
                boolean rollback = ++transaction % 10 == 0;
                List<OutboxEvent> events = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    int aggregate = (transaction * 5 + i) % AGGREGATES_PER_WRITER;
                    events.add(RelayFixture.order(
                            String.format("ORD-%06d", 980_000 + writer * AGGREGATES_PER_WRITER + aggregate),
                            rollback ? 0 : ++sequence[aggregate]));
                }
                outbox.writeAll(connection, events);
                if (rollback) {
                    connection.rollback();
                    events.forEach(event -> rolledBack.add(event.id().toString()));
                } else {
                    connection.commit();
                    events.forEach(event -> committed.add(event.id().toString()));
                    written += events.size();
                }
            }
        }
    }

    private RelayProcess start(Map<String, String> environment, int run) throws IOException {
        return RelayProcess.start(environment, logs.resolve("relay-" + run + ".log"), "-Xmx256m");
    }
}
