package dev.waybill.relay;

import static dev.waybill.relay.RelayFixture.execute;
import static dev.waybill.relay.RelayFixture.order;
import static dev.waybill.relay.RelayFixture.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.testkit.DedicatedPostgres;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A lost slot is reported loudly, never silently recreated, and the documented recovery loses nothing. */
@WaybillTest
class SlotSafetyIT {

    @Test
    void droppedSlotIsRefusedAndTheDocumentedRecoveryRepublishesWhatWasMissed(TestDatabase database, TestKafka kafka)
            throws Exception {
        RelayFixture.migrate(database);
        RelayConfig.Builder config = RelayFixture.relay(database, kafka, "slotloss");
        OutboxEvent before = order("ORD-500001", 1);
        try (Relay relay = Relay.start(config.build())) {
            await().atMost(Duration.ofSeconds(60)).until(relay::ready);
            RelayFixture.write(database, List.of(before));
            RelayFixture.read(kafka, Set.of(before.id().toString()), "orders.order-placed.v1");
        }

        // While the relay is down: events are committed, and the slot is lost.
        OutboxEvent whileDown = order("ORD-500002", 2);
        RelayFixture.write(database, List.of(whileDown));
        execute(database, "SELECT pg_drop_replication_slot('waybill_slotloss')");

        assertThatThrownBy(() -> Relay.start(config.build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Replication slot 'waybill_slotloss' is gone")
                .hasMessageContaining("would skip every event committed since the last one published")
                .hasMessageContaining("docs/relay.md#slot-loss");

        // The documented recovery: forget the position, start with the initial snapshot.
        execute(database, "DELETE FROM waybill.relay_offsets WHERE relay_name = 'slotloss'");
        try (Relay relay = Relay.start(config.build())) {
            OutboxEvent after = order("ORD-500003", 3);
            await().atMost(Duration.ofSeconds(60)).until(relay::ready);
            RelayFixture.write(database, List.of(after));
            Set<String> ids = new HashSet<>(Set.of(
                    before.id().toString(),
                    whileDown.id().toString(),
                    after.id().toString()));

            assertThat(RelayFixture.read(kafka, ids, "orders.order-placed.v1").keySet())
                    .containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void slotInvalidatedByPostgresIsRefusedAndTheDocumentedRecoveryRepublishesWhatWasMissed(
            TestKafka kafka, @TempDir Path logs) throws Exception {
        try (DedicatedPostgres postgres = DedicatedPostgres.start()) {
            TestDatabase database = postgres.postgres().createDatabase("invalidated");
            RelayFixture.migrate(database);
            Map<String, String> env = RelayFixture.environment(database, kafka, "invalidated");
            OutboxEvent before = order("ORD-500011", 1);
            try (Relay relay = Relay.start(RelayFixture.config(env))) {
                await().atMost(Duration.ofSeconds(60)).until(relay::ready);
                RelayFixture.write(database, List.of(before));
                RelayFixture.read(kafka, Set.of(before.id().toString()), "orders.order-placed.v1");
            }

            // While the relay is down: an event is committed, then PostgreSQL gives up the WAL the slot holds.
            OutboxEvent whileDown = order("ORD-500012", 2);
            RelayFixture.write(database, List.of(whileDown));
            execute(database, "ALTER SYSTEM SET max_slot_wal_keep_size = '1MB'");
            execute(database, "SELECT pg_reload_conf()");
            execute(database, "CREATE TABLE ballast (line text)");
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                execute(database, "INSERT INTO ballast SELECT repeat('x', 500) FROM generate_series(1, 20000)");
                execute(database, "SELECT pg_switch_wal()");
                execute(database, "CHECKPOINT");
                return "lost"
                        .equals(query(
                                database,
                                "SELECT wal_status FROM pg_replication_slots WHERE slot_name = 'waybill_invalidated'"));
            });

            // As operators see it: the relay process stops at start-up, exit code 2, with what happened and what to do.
            RelayProcess refused = RelayProcess.start(env, logs.resolve("invalidated.log"));
            assertThat(refused.exitCode(Duration.ofSeconds(60))).isEqualTo(2);
            assertThat(refused.output())
                    .contains("Replication slot 'waybill_invalidated' was invalidated by PostgreSQL")
                    .contains("docs/relay.md#slot-loss", "drop the slot, delete the relay's row in relay_offsets")
                    .doesNotContain("\tat ");

            // The documented recovery: drop the dead slot, forget the position, start with the initial snapshot.
            execute(database, "ALTER SYSTEM RESET max_slot_wal_keep_size");
            execute(database, "SELECT pg_reload_conf()");
            execute(database, "SELECT pg_drop_replication_slot('waybill_invalidated')");
            execute(database, "DELETE FROM waybill.relay_offsets WHERE relay_name = 'invalidated'");
            try (Relay relay = Relay.start(RelayFixture.config(env))) {
                Set<String> ids = Set.of(before.id().toString(), whileDown.id().toString());

                assertThat(RelayFixture.read(kafka, ids, "orders.order-placed.v1")
                                .keySet())
                        .containsExactlyInAnyOrderElementsOf(ids);
                assertThat(relay.live()).isTrue();
            }
        }
    }

    @Test
    void slotOfAnotherPluginIsRefused(TestDatabase database, TestKafka kafka) throws Exception {
        RelayFixture.migrate(database);
        execute(database, "SELECT pg_create_logical_replication_slot('waybill_foreign', 'test_decoding')");
        RelayConfig.Builder config = RelayFixture.relay(database, kafka, "foreign");

        assertThatThrownBy(() -> Relay.start(config.build()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Replication slot 'waybill_foreign' uses plugin 'test_decoding', not pgoutput");
    }

    @Test
    void missingMigrationsAreReportedBeforeStreaming(dev.waybill.testkit.TestPostgres postgres, TestKafka kafka) {
        try (TestDatabase empty = postgres.createDatabase("unmigrated")) {
            RelayConfig.Builder config = RelayFixture.relay(empty, kafka, "unmigrated");

            assertThatThrownBy(() -> Relay.start(config.build()))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("The outbox table waybill.outbox does not exist")
                    .hasMessageContaining("run the Waybill migrations");
        }
    }
}
