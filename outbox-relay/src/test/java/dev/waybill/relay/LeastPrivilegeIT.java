package dev.waybill.relay;

import static dev.waybill.relay.RelayFixture.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The relay needs no superuser: the migrations' relay role is enough to stream, publish and keep its position. */
@WaybillTest
class LeastPrivilegeIT {

    @Test
    void relayStreamsAsTheLeastPrivilegeRole(TestDatabase database, TestKafka kafka) throws Exception {
        String role = "relay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        WaybillMigrations.builder(database.dataSource()).relayRole(role).build().migrate();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("ALTER ROLE " + role + " PASSWORD 'relay-secret'");
        }
        RelayConfig.Builder config = RelayFixture.relay(database, kafka, "leastprivilege");
        config.set(RelaySettings.DATABASE_USER, role);
        config.set(RelaySettings.DATABASE_PASSWORD, new RelayConfig.Secret("relay-secret"));
        config.set(RelaySettings.CAPTURE_HEARTBEAT_INTERVAL, Duration.ofMillis(500));
        try (Relay relay = Relay.start(config.build())) {
            await().atMost(Duration.ofSeconds(60)).until(relay::ready);
            OutboxEvent event = order("ORD-800001", 1);
            RelayFixture.write(database, List.of(event));

            assertThat(RelayFixture.read(kafka, Set.of(event.id().toString()), "orders.order-placed.v1"))
                    .hasSize(1);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> relay.scrapeMetrics()
                            .contains("waybill_events_published_total{contract=\"orders.order-placed\""));
            assertThat(relay.live()).isTrue();
        } finally {
            try (Connection connection = database.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                        + "WHERE slot_name = 'waybill_leastprivilege' AND NOT active");
                statement.execute("REASSIGN OWNED BY " + role + " TO CURRENT_USER");
                statement.execute("DROP OWNED BY " + role);
                statement.execute("DROP ROLE " + role);
            }
        }
    }
}
