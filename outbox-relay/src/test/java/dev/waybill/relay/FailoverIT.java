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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three relay processes on one outbox while writers commit without pause: the active one is killed with SIGKILL five
 * times, stopped with SIGTERM once and cut from the database once (its walsender and its lock session terminated),
 * a new process replacing each one that ended. Every committed event arrives, each aggregate keeps its order, and the
 * records show one publisher at a time.
 */
@WaybillTest
class FailoverIT {

    private static final int WRITERS = 4;
    private static final int AGGREGATES_PER_WRITER = 25;
    private static final String SLOT = "waybill_failover";

    private enum Disruption {
        KILL,
        TERM,
        CUT
    }

    private static final List<Disruption> DISRUPTIONS = List.of(
            Disruption.KILL,
            Disruption.KILL,
            Disruption.TERM,
            Disruption.KILL,
            Disruption.CUT,
            Disruption.KILL,
            Disruption.KILL);

    @TempDir
    Path logs;

    private int started;

    @Test
    void oneRelayPublishesAtATimeThroughKillsStopAndCutAndNothingIsLost(TestDatabase database, TestKafka kafka)
            throws Exception {
        RelayFixture.migrate(database);
        Map<String, String> env = RelayFixture.environment(database, kafka, "failover");
        List<RelayProcess> relays = new ArrayList<>();
        Map<RelayProcess, String> instances = new HashMap<>();
        Set<String> survivedCut = new HashSet<>();
        try {
            for (int i = 0; i < 3; i++) {
                start(env, relays, instances);
            }
            // Messages need the slot to exist when they are written: writers start once the active relay made it.
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> "1"
                            .equals(RelayFixture.query(
                                    database,
                                    "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + SLOT + "'")));
            Set<String> committed = ConcurrentHashMap.newKeySet();
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> written = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                written.add(writers.submit(() -> {
                    write(database, writer, committed, writing);
                    return null;
                }));
            }
            Random random = new Random(11);
            for (Disruption disruption : DISRUPTIONS) {
                RelayProcess active = RelayProcess.awaitActive(relays, true);
                TimeUnit.MILLISECONDS.sleep(1_500 + random.nextInt(1_500));
                switch (disruption) {
                    case KILL -> {
                        active.kill();
                        relays.remove(active);
                        start(env, relays, instances);
                    }
                    case TERM -> {
                        assertThat(active.terminate(Duration.ofSeconds(30)))
                                .as("SIGTERM drains and exits 0")
                                .isEqualTo(0);
                        relays.remove(active);
                        start(env, relays, instances);
                    }
                    case CUT -> {
                        survivedCut.add(instances.get(active));
                        RelayFixture.query(
                                database,
                                "SELECT count(pg_terminate_backend(pid)) FROM (SELECT pid FROM pg_locks "
                                        + "WHERE locktype = 'advisory' AND granted AND database = (SELECT oid "
                                        + "FROM pg_database WHERE datname = current_database()) UNION "
                                        + "SELECT active_pid FROM pg_replication_slots WHERE slot_name = '" + SLOT
                                        + "' AND active) AS relay");
                    }
                }
            }
            RelayProcess.awaitActive(relays, true);
            TimeUnit.SECONDS.sleep(2);
            writing.set(false);
            for (Future<?> future : written) {
                future.get();
            }
            writers.shutdown();

            Map<String, List<ConsumerRecord<byte[], byte[]>>> records =
                    RelayFixture.read(kafka, committed, "orders.order-placed.v1");
            assertThat(records.keySet()).as("every committed event arrived").containsAll(committed);
            RelayFixture.assertPerAggregateOrder(records);
            List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
            records.values().forEach(all::addAll);
            assertNoPublisherWritesAfterItsSuccessor(all);
            assertOneTermPerRelayUnlessItSurvivedTheCut(all, survivedCut);
            for (RelayProcess relay : relays) {
                assertThat(relay.alive()).as("every remaining relay runs").isTrue();
            }
            System.out.printf(
                    "FailoverIT: %d events, %d copies, %d relay processes%n", committed.size(), all.size(), started);
        } finally {
            relays.forEach(RelayProcess::close);
        }
    }

    /**
     * In each partition, in offset order: where the relay instance changes, the new instance's record was relayed
     * after every record before it. A previous active relay still sending (a producer nobody closed) would append
     * records relayed before its successor's.
     */
    private static void assertNoPublisherWritesAfterItsSuccessor(List<ConsumerRecord<byte[], byte[]>> all) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> partitions = new HashMap<>();
        all.forEach(record -> partitions
                .computeIfAbsent(record.partition(), p -> new ArrayList<>())
                .add(record));
        partitions.values().forEach(partition -> {
            partition.sort(Comparator.comparingLong(ConsumerRecord::offset));
            Instant latest = Instant.MIN;
            String previous = null;
            for (ConsumerRecord<byte[], byte[]> record : partition) {
                String instance = header(record, "ce_waybillrelay");
                Instant relayedAt = relayedAt(record);
                if (previous != null && !previous.equals(instance)) {
                    assertThat(relayedAt)
                            .as(
                                    "partition %d offset %d: %s took over from %s",
                                    record.partition(), record.offset(), instance, previous)
                            .isAfter(latest);
                }
                latest = relayedAt.isAfter(latest) ? relayedAt : latest;
                previous = instance;
            }
        });
    }

    /**
     * All records in the order they were relayed, over every partition, fall into one run per term as the active
     * relay. A process that was killed or stopped had one term, so it has one run; two relays publishing at once
     * would interleave and split each other's runs. Only the relay that survived the cut may have come back.
     */
    private static void assertOneTermPerRelayUnlessItSurvivedTheCut(
            List<ConsumerRecord<byte[], byte[]>> all, Set<String> survivedCut) {
        List<ConsumerRecord<byte[], byte[]>> timeline = new ArrayList<>(all);
        timeline.sort(Comparator.comparing(FailoverIT::relayedAt)
                .thenComparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));
        List<String> runs = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : timeline) {
            String instance = header(record, "ce_waybillrelay");
            if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(instance)) {
                runs.add(instance);
            }
        }
        assertThat(runs.size()).as("terms %s", runs).isLessThanOrEqualTo(DISRUPTIONS.size() + 1);
        Map<String, Integer> termsPerRelay = new HashMap<>();
        runs.forEach(instance -> termsPerRelay.merge(instance, 1, Integer::sum));
        termsPerRelay.forEach((instance, terms) -> {
            if (!survivedCut.contains(instance)) {
                assertThat(terms).as("terms of %s in %s", instance, runs).isEqualTo(1);
            }
        });
    }

    private static Instant relayedAt(ConsumerRecord<byte[], byte[]> record) {
        return Instant.parse(header(record, "ce_waybillrelayedat"));
    }

    private void start(Map<String, String> env, List<RelayProcess> relays, Map<RelayProcess, String> instances)
            throws IOException {
        String instance = "relay-" + started++;
        Map<String, String> own = new HashMap<>(env);
        own.put("WAYBILL_RELAY_INSTANCE", instance);
        RelayProcess relay = RelayProcess.start(own, logs.resolve(instance + ".log"), "-Xmx192m");
        relays.add(relay);
        instances.put(relay, instance);
    }

    private static void write(TestDatabase database, int writer, Set<String> committed, AtomicBoolean writing)
            throws Exception {
        // Rows and logical decoding messages alike: both must survive every take-over.
        OutboxWriter outbox = OutboxWriter.create().withMode(writer % 2 == 0 ? WriteMode.TABLE : WriteMode.MESSAGE);
        int[] sequence = new int[AGGREGATES_PER_WRITER];
        int transaction = 0;
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            while (writing.get()) {
                transaction++;
                List<OutboxEvent> events = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    int aggregate = (transaction * 5 + i) % AGGREGATES_PER_WRITER;
                    events.add(RelayFixture.order(
                            String.format("ORD-%06d", 970_000 + writer * AGGREGATES_PER_WRITER + aggregate),
                            ++sequence[aggregate]));
                }
                outbox.writeAll(connection, events);
                connection.commit();
                events.forEach(event -> committed.add(event.id().toString()));
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }
}
