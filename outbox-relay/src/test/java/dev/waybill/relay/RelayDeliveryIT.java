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
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** At-least-once delivery with per-aggregate order, under concurrency and across a relay restart. */
@WaybillTest
class RelayDeliveryIT {

    /** Event {@code sequence} of an aggregate; the sequence travels as totalAmount so the payload stays valid. */
    private static OutboxEvent event(int aggregate, int sequence) {
        return RelayFixture.order(String.format("ORD-%06d", aggregate), sequence);
    }

    @Test
    void concurrentWritersLoseNothingAndKeepPerAggregateOrder(TestDatabase database, TestKafka kafka) throws Exception {
        RelayFixture.migrate(database);
        RelayConfig.Builder config = RelayFixture.relay(database, kafka, "concurrent");
        try (Relay relay = Relay.start(config.build())) {
            await().atMost(Duration.ofSeconds(60)).until(relay::ready);
            Set<String> ids = ConcurrentHashMap.newKeySet();
            ExecutorService writers = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new ArrayList<>();
            for (int writer = 0; writer < 8; writer++) {
                int base = 300_000 + writer * 10;
                futures.add(writers.submit(() -> {
                    // Each writer owns 10 aggregates, so their order is its order of commits.
                    for (int tx = 0; tx < 25; tx++) {
                        List<OutboxEvent> events = new ArrayList<>();
                        for (int i = 0; i < 4; i++) {
                            events.add(event(base + (tx * 4 + i) % 10, tx * 4 + i));
                        }
                        RelayFixture.write(database, events);
                        events.forEach(event -> ids.add(event.id().toString()));
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            writers.shutdown();

            Map<String, List<ConsumerRecord<byte[], byte[]>>> records =
                    RelayFixture.read(kafka, ids, "orders.order-placed.v1");

            assertThat(records.keySet()).hasSize(800).containsExactlyInAnyOrderElementsOf(ids);
            RelayFixture.assertPerAggregateOrder(records);
        }
    }

    @Test
    void relayStoppedMidStreamAndRestartedDeliversEverythingDuplicatesKeepTheirId(
            TestDatabase database, TestKafka kafka) throws Exception {
        RelayFixture.migrate(database);
        RelayConfig.Builder config = RelayFixture.relay(database, kafka, "restart");
        Set<String> ids = ConcurrentHashMap.newKeySet();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        Relay first = Relay.start(config.build());
        await().atMost(Duration.ofSeconds(60)).until(first::ready);
        Future<?> producing = writer.submit(() -> {
            int sequence = 0;
            while (writing.get() || sequence < 600) {
                List<OutboxEvent> events = new ArrayList<>();
                for (int i = 0; i < 5; i++, sequence++) {
                    events.add(event(400_000 + sequence % 7, sequence));
                }
                RelayFixture.write(database, events);
                events.forEach(event -> ids.add(event.id().toString()));
            }
            return null;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.size() >= 200);
        first.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> ids.size() >= 400);
        try (Relay second = Relay.start(config.build())) {
            writing.set(false);
            producing.get();
            writer.shutdown();

            Map<String, List<ConsumerRecord<byte[], byte[]>>> records =
                    RelayFixture.read(kafka, ids, "orders.order-placed.v1");

            assertThat(records.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            records.forEach((id, copies) ->
                    copies.forEach(copy -> assertThat(header(copy, "ce_id")).isEqualTo(id)));
            RelayFixture.assertPerAggregateOrder(records);
            assertThat(second.live()).isTrue();
        }
    }

    @Test
    void snapshotOfABacklogPublishesEachAggregateInWriteOrderNotHeapOrder(TestDatabase database, TestKafka kafka)
            throws Exception {
        RelayFixture.migrate(database);
        // Rows written later land in space freed at the front of the table, so a plain table scan would return
        // them first: the snapshot must not follow the heap.
        List<OutboxEvent> filler = RelayFixture.orders(500_100, 300);
        RelayFixture.write(database, filler);
        List<OutboxEvent> early = new ArrayList<>();
        for (int sequence = 0; sequence < 100; sequence++) {
            early.add(event(500_000, sequence));
        }
        RelayFixture.write(database, early);
        RelayFixture.execute(database, "DELETE FROM waybill.outbox WHERE aggregate_id <> 'ORD-500000'");
        RelayFixture.execute(database, "VACUUM waybill.outbox");
        List<OutboxEvent> late = new ArrayList<>();
        for (int sequence = 100; sequence < 200; sequence++) {
            late.add(event(500_000, sequence));
        }
        RelayFixture.write(database, late);
        assertThat(Integer.parseInt(RelayFixture.query(database, "SELECT payload->>'totalAmount' FROM waybill.outbox")))
                .as("the table scan starts with a late row")
                .isGreaterThanOrEqualTo(100);
        Set<String> ids = new HashSet<>();
        early.forEach(event -> ids.add(event.id().toString()));
        late.forEach(event -> ids.add(event.id().toString()));

        try (Relay relay =
                Relay.start(RelayFixture.relay(database, kafka, "backlog").build())) {
            Map<String, List<ConsumerRecord<byte[], byte[]>>> records =
                    RelayFixture.read(kafka, ids, "orders.order-placed.v1");

            assertThat(records.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            RelayFixture.assertPerAggregateOrder(records);
            // Rows of the initial snapshot carry the snapshot's own position and transaction (docs/relay.md).
            Set<String> positions = new HashSet<>();
            records.values()
                    .forEach(copies -> positions.add(
                            header(copies.get(0), "ce_waybilllsn") + "/" + header(copies.get(0), "ce_waybilltxid")));
            assertThat(positions).hasSize(1).noneMatch(position -> position.startsWith("0/"));
        }
    }

    @Test
    void backlogIsPublishedInTheOrderWrittenEvenWhenIdsWereMadeInAnotherOrder(TestDatabase database, TestKafka kafka)
            throws Exception {
        RelayFixture.migrate(database);
        // A service may build an event (and its id) before another event of the same aggregate that commits first.
        // Built last-first, the ids sort opposite to the order written: the backlog must follow the writes.
        List<OutboxEvent> snapshotted = builtInReverse(520_000);
        List<OutboxEvent> backfilled = builtInReverse(520_001);
        for (OutboxEvent event : snapshotted) {
            RelayFixture.write(database, List.of(event));
        }
        Set<String> ids = new HashSet<>();
        snapshotted.forEach(event -> ids.add(event.id().toString()));

        try (Relay relay = Relay.start(RelayFixture.config(RelayFixture.environment(database, kafka, "idorder")))) {
            RelayFixture.assertPerAggregateOrder(RelayFixture.read(kafka, ids, "orders.order-placed.v1"));
        }

        // The same through the backfill: a slot without a stored position.
        RelayFixture.execute(
                database, "SELECT pg_create_logical_replication_slot('waybill_idorderbackfill', " + "'pgoutput')");
        for (OutboxEvent event : backfilled) {
            RelayFixture.write(database, List.of(event));
        }
        Set<String> backfilledIds = new HashSet<>();
        backfilled.forEach(event -> backfilledIds.add(event.id().toString()));
        try (Relay relay =
                Relay.start(RelayFixture.config(RelayFixture.environment(database, kafka, "idorderbackfill")))) {
            RelayFixture.assertPerAggregateOrder(RelayFixture.read(kafka, backfilledIds, "orders.order-placed.v1"));
        }
    }

    /** Events 0..49 of one aggregate, in that order, whose ids were generated from the last to the first. */
    private static List<OutboxEvent> builtInReverse(int aggregate) {
        List<OutboxEvent> events = new ArrayList<>();
        for (int sequence = 49; sequence >= 0; sequence--) {
            events.add(0, event(aggregate, sequence));
        }
        assertThat(events.get(0).id()).isGreaterThan(events.get(49).id());
        return events;
    }

    @Test
    void slotLeftByAnInterruptedFirstStartLosesNeitherRowsNorMessages(TestDatabase database, TestKafka kafka)
            throws Exception {
        RelayFixture.migrate(database);
        // A first start that created its slot and died before storing any position leaves exactly this behind.
        List<OutboxEvent> beforeSlot = RelayFixture.orders(510_000, 5);
        RelayFixture.write(database, beforeSlot);
        RelayFixture.execute(database, "SELECT pg_create_logical_replication_slot('waybill_interrupted', 'pgoutput')");
        List<OutboxEvent> rows = RelayFixture.orders(510_100, 5);
        RelayFixture.write(database, rows);
        List<OutboxEvent> messages = RelayFixture.orders(510_200, 5);
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            OutboxWriter.create().withMode(WriteMode.MESSAGE).writeAll(connection, messages);
            connection.commit();
        }
        Set<String> ids = new HashSet<>();
        for (List<OutboxEvent> events : List.of(beforeSlot, rows, messages)) {
            events.forEach(event -> ids.add(event.id().toString()));
        }

        try (Relay relay =
                Relay.start(RelayFixture.relay(database, kafka, "interrupted").build())) {
            assertThat(RelayFixture.read(kafka, ids, "orders.order-placed.v1").keySet())
                    .containsExactlyInAnyOrderElementsOf(ids);
        }
    }
}
