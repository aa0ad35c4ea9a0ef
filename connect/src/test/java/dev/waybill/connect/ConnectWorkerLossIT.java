package dev.waybill.connect;

import static dev.waybill.connect.ConnectFixture.header;
import static dev.waybill.connect.ConnectFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.outbox.WriteMode;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.WaybillTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two workers; the one running the task is stopped while writers commit, in both write modes. The task moves to the
 * other worker and resumes from Connect's stored offset: every committed event arrives, and each aggregate's events
 * arrive in the order they were written (redeliveries, with their original id, are allowed).
 */
@WaybillTest
class ConnectWorkerLossIT {

    private static final String TOPIC = "orders.order-placed.v1";
    private static final Pattern SEQUENCE = Pattern.compile("\"totalAmount\":\\s*(\\d+)");

    @Test
    void theTaskMovesAndNothingIsLostOrReordered(TestDatabase database, @TempDir Path plugins) throws Exception {
        ConnectFixture.migrate(database);
        EmbeddedConnectCluster connect = ConnectFixture.cluster("worker-loss", 2, ConnectFixture.install(plugins));
        ExecutorService writers = Executors.newFixedThreadPool(2);
        AtomicBoolean writing = new AtomicBoolean(true);
        Set<String> committed = ConcurrentHashMap.newKeySet();
        try {
            connect.configureConnector(
                    "moving", ConnectFixture.connectorConfig(database, "waybill_moving", ConnectFixture.contracts()));
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("moving", 1, "the connector runs");
            await().atMost(Duration.ofSeconds(60)).until(() -> slotActive(database));

            List<Future<?>> running = new ArrayList<>();
            for (int writer = 0; writer < 2; writer++) {
                int first = writer * 10;
                WriteMode mode = writer == 0 ? WriteMode.TABLE : WriteMode.MESSAGE;
                running.add(writers.submit(() -> write(database, mode, first, writing, committed)));
            }
            // Some events are through before the worker goes.
            ConnectFixture.read(connect.kafka().bootstrapServers(), records -> records.size() >= 50, TOPIC);

            String before = workerOfTask(connect);
            WorkerHandle running0 = connect.workers().stream()
                    .filter(worker -> before.endsWith(":" + worker.url().getPort()))
                    .findFirst()
                    .orElseThrow();
            connect.removeWorker(running0);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                ConnectorStateInfo status = connect.connectorStatus("moving");
                return status.tasks().size() == 1
                        && "RUNNING".equals(status.tasks().get(0).state())
                        && !before.equals(status.tasks().get(0).workerId());
            });
            // Events keep coming after the move, then the writers stop.
            int sofar = committed.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> committed.size() >= sofar + 100);
            writing.set(false);
            for (Future<?> future : running) {
                future.get();
            }

            List<ConsumerRecord<byte[], byte[]>> records = ConnectFixture.read(
                    connect.kafka().bootstrapServers(), read -> ids(read).containsAll(committed), TOPIC);
            assertThat(ids(records)).containsAll(committed);
            assertPerAggregateOrder(records);
        } finally {
            writing.set(false);
            writers.shutdownNow();
            connect.stop();
        }
    }

    /** Writes orders for aggregates first..first+9 in turn, each aggregate's sequence in totalAmount. */
    private static Void write(
            TestDatabase database, WriteMode mode, int first, AtomicBoolean writing, Set<String> committed)
            throws Exception {
        OutboxWriter writer = OutboxWriter.create().withMode(mode);
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            for (int sequence = 0; writing.get(); sequence++) {
                List<OutboxEvent> events = new ArrayList<>();
                for (int aggregate = first; aggregate < first + 10; aggregate++) {
                    events.add(OutboxEvent.builder()
                            .contract("orders.order-placed")
                            .schemaVersion("1.0.0")
                            .aggregate("order", String.format("ORD-%06d", aggregate))
                            .payload("{\"orderId\":\"" + String.format("ORD-%06d", aggregate) + "\",\"totalAmount\":"
                                    + sequence + ",\"occurredAt\":\"2026-11-26T10:15:30Z\"}")
                            .build());
                }
                writer.writeAll(connection, events);
                connection.commit();
                events.forEach(event -> committed.add(event.id().toString()));
                Thread.sleep(20);
            }
        }
        return null;
    }

    private static String workerOfTask(EmbeddedConnectCluster connect) {
        return connect.connectorStatus("moving").tasks().get(0).workerId();
    }

    private static boolean slotActive(TestDatabase database) throws Exception {
        try (Connection connection = database.connect();
                var statement = connection.createStatement();
                var result = statement.executeQuery(
                        "SELECT count(*) FROM pg_replication_slots WHERE active AND slot_name = 'waybill_moving'")) {
            result.next();
            return result.getInt(1) == 1;
        }
    }

    private static Set<String> ids(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<String> ids = new HashSet<>();
        records.forEach(record -> ids.add(header(record, "ce_id")));
        return ids;
    }

    /** In partition order, the first copy of each event comes in its aggregate's write order. */
    private static void assertPerAggregateOrder(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>(records);
        all.sort((a, b) -> a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        Map<String, Integer> last = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> record : all) {
            if (!seen.add(header(record, "ce_id"))) {
                continue;
            }
            Matcher matcher = SEQUENCE.matcher(text(record.value()));
            assertThat(matcher.find()).isTrue();
            int sequence = Integer.parseInt(matcher.group(1));
            Integer previous = last.put(text(record.key()), sequence);
            assertThat(previous == null || previous < sequence)
                    .as("aggregate %s: event %d after %d", text(record.key()), sequence, previous)
                    .isTrue();
        }
    }
}
