package dev.waybill.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.outbox.WriteMode;
import dev.waybill.spring.boot.autoconfigure.crashapp.CrashApplication;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.io.IOException;
import java.nio.file.Files;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The crash test of the relay inside a Boot application: the application (a JVM of its own) is killed with SIGKILL
 * while its relay streams, and started again, a few times, while two writers commit (and roll back) events, one in
 * TABLE mode and one in MESSAGE mode. Every committed event arrives, no rolled-back one does, each aggregate's events
 * keep their order, and every duplicate is a redelivery of the same event id.
 */
@WaybillTest
class InProcessRelayCrashIT {

    private static final int KILLS = 3;
    private static final int AGGREGATES_PER_WRITER = 10;
    private static final String SLOT = "waybill_crashboot";

    @Test
    void killedApplicationLosesNoEventInventsNoneAndKeepsOrder(TestDatabase database, TestKafka kafka)
            throws Exception {
        Path logs = Files.createDirectories(Path.of("target/crash-it"));
        List<String> arguments = new ArrayList<>();
        for (String property : RelayTesting.properties(database, kafka, "waybill.relay.name=crashboot")) {
            arguments.add("--" + property);
        }
        arguments.add("--spring.main.web-application-type=none");
        // No entities: JPA would only make each start slower.
        arguments.add("--spring.autoconfigure.exclude="
                + "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration,"
                + "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration");
        Set<String> committed = ConcurrentHashMap.newKeySet();
        Set<String> rolledBack = ConcurrentHashMap.newKeySet();
        Random random = new Random(13);

        Process application = start(arguments, logs.resolve("app-0.log"));
        try {
            // MESSAGE mode needs the slot: the writers start once the first relay created it.
            awaitStreaming(database);
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService writers = Executors.newFixedThreadPool(2);
            List<Future<?>> writing = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                writing.add(writers.submit(() -> {
                    write(database, writer, stop, committed, rolledBack);
                    return null;
                }));
            }
            for (int kill = 1; kill <= KILLS; kill++) {
                awaitStreaming(database);
                TimeUnit.MILLISECONDS.sleep(1_000 + random.nextInt(2_000));
                application.destroyForcibly().waitFor();
                application = start(arguments, logs.resolve("app-" + kill + ".log"));
            }
            awaitStreaming(database);
            stop.set(true);
            for (Future<?> future : writing) {
                future.get();
            }
            writers.shutdown();

            Set<String> all = new java.util.HashSet<>(committed);
            all.addAll(rolledBack);
            // Read on a little once every committed event arrived: a rolled-back one would come among them.
            Map<String, List<ConsumerRecord<byte[], byte[]>>> records =
                    RelayTesting.read(kafka, committed, all, Duration.ofSeconds(2));
            assertThat(committed).hasSizeGreaterThan(100);
            assertThat(records.keySet()).as("every committed event arrived").containsAll(committed);
            assertThat(records.keySet()).as("no rolled-back event arrived").doesNotContainAnyElementsOf(rolledBack);
            records.forEach((id, copies) -> copies.forEach(
                    copy -> assertThat(RelayTesting.header(copy, "ce_id")).isEqualTo(id)));
            RelayTesting.assertPerAggregateOrder(records);
            long copies = records.values().stream().mapToLong(List::size).sum();
            System.out.printf(
                    "InProcessRelayCrashIT: %d events, %d kills, %d duplicates, %d rolled back%n",
                    committed.size(), KILLS, copies - committed.size(), rolledBack.size());
        } finally {
            application.destroy(); // SIGTERM: the graceful stop
            if (!application.waitFor(60, TimeUnit.SECONDS)) {
                application.destroyForcibly();
            }
        }
    }

    /** The application's relay holds the slot: it streams. */
    private static void awaitStreaming(TestDatabase database) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> "t"
                        .equals(RelayTesting.query(
                                database, "SELECT active FROM pg_replication_slots WHERE slot_name = '" + SLOT + "'")));
    }

    private static Process start(List<String> arguments, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                CrashApplication.class.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    /** Writer 0 writes rows (TABLE), writer 1 logical decoding messages (MESSAGE); every tenth transaction rolls back. */
    private static void write(
            TestDatabase database, int writer, AtomicBoolean stop, Set<String> committed, Set<String> rolledBack)
            throws Exception {
        OutboxWriter outbox = OutboxWriter.create().withMode(writer == 0 ? WriteMode.TABLE : WriteMode.MESSAGE);
        int[] sequence = new int[AGGREGATES_PER_WRITER];
        int transaction = 0;
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            while (!stop.get()) {
                boolean rollback = ++transaction % 10 == 0;
                List<OutboxEvent> events = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    int aggregate = (transaction * 5 + i) % AGGREGATES_PER_WRITER;
                    events.add(RelayTesting.order(
                            String.format("ORD-%06d", 910_000 + writer * 100 + aggregate),
                            rollback ? 0 : ++sequence[aggregate]));
                }
                outbox.writeAll(connection, events);
                if (rollback) {
                    connection.rollback();
                    events.forEach(event -> rolledBack.add(event.id().toString()));
                } else {
                    connection.commit();
                    events.forEach(event -> committed.add(event.id().toString()));
                }
                TimeUnit.MILLISECONDS.sleep(20);
            }
        }
    }
}
