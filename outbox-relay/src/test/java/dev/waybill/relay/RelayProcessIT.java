package dev.waybill.relay;

import static dev.waybill.relay.RelayFixture.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay as operators run it: a separate process, configured by environment, stopped by a signal. */
@WaybillTest
class RelayProcessIT {

    private static final String FAKE_PASSWORD = "pg-password-that-must-never-be-printed";
    private static final String FAKE_JAAS_SECRET = "kafka-secret-that-must-never-be-printed";

    @TempDir
    Path logs;

    @BeforeAll
    static void migrate(TestDatabase database) {
        RelayFixture.migrate(database);
    }

    @Test
    void missingSettingStopsStartUpWithExitTwoAndAMessageNotAStackTrace(TestDatabase database, TestKafka kafka)
            throws Exception {
        Map<String, String> env = RelayFixture.environment(database, kafka, "broken");
        env.remove("WAYBILL_KAFKA_BOOTSTRAP_SERVERS");

        RelayProcess relay = RelayProcess.start(env, logs.resolve("broken.log"));

        assertThat(relay.exitCode(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(relay.output())
                .contains("waybill: kafka.bootstrap-servers is missing: set it to host:port")
                .doesNotContain("\tat ");
    }

    @Test
    void unusableDatabaseStopsStartUpWithExitTwo(TestDatabase database, TestKafka kafka) throws Exception {
        Map<String, String> env = RelayFixture.environment(database, kafka, "nodb");
        env.put("WAYBILL_DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/nowhere");
        env.remove("WAYBILL_DATABASE_USER");

        RelayProcess relay = RelayProcess.start(env, logs.resolve("nodb.log"));

        assertThat(relay.exitCode(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(relay.output())
                .contains(
                        "waybill: Cannot use the outbox database at jdbc:postgresql://127.0.0.1:1/nowhere as the URL's "
                                + "user: ")
                .doesNotContain("\tat ", " as null");
    }

    @Test
    void brokenContractFileStopsStartUpNamingTheFileLineAndField(
            TestDatabase database, TestKafka kafka, @TempDir Path contracts) throws Exception {
        try (Stream<Path> files = Files.walk(RelayFixture.contracts())) {
            for (Path file : files.toList()) {
                Path copy = contracts.resolve(
                        RelayFixture.contracts().relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        Path broken = contracts.resolve("orders.order-placed/1.1.0.odcs.yaml");
        Files.writeString(broken, Files.readString(broken).replace("status: active", "status: shipped"));
        Map<String, String> env = RelayFixture.environment(database, kafka, "badcontract");
        env.put("WAYBILL_CONTRACTS_DIRECTORY", contracts.toString());

        RelayProcess relay = RelayProcess.start(env, logs.resolve("badcontract.log"));

        assertThat(relay.exitCode(Duration.ofSeconds(60))).isEqualTo(2);
        assertThat(relay.output())
                .contains("1.1.0.odcs.yaml:6", "status", "shipped")
                .doesNotContain("\tat ");
    }

    @Test
    void sigtermDrainsStoresOffsetsAndExitsZeroAndSecretsNeverShow(TestDatabase database, TestKafka kafka)
            throws Exception {
        Map<String, String> env = RelayFixture.environment(database, kafka, "process");
        env.put("WAYBILL_DATABASE_PASSWORD", FAKE_PASSWORD);
        env.put(
                "WAYBILL_KAFKA_PRODUCER_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.plain.PlainLoginModule " + "required username=\"relay\" password=\""
                        + FAKE_JAAS_SECRET + "\";");
        env.put("WAYBILL_LOG_LEVEL", "INFO");
        RelayProcess relay = RelayProcess.start(env, logs.resolve("process.log"));
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            assertThat(relay.alive()).as("relay process is running").isTrue();
            return relay.ready();
        });

        List<OutboxEvent> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add(order("ORD-2" + String.format("%05d", i), i));
        }
        RelayFixture.write(database, events);
        Set<String> ids = new java.util.HashSet<>();
        events.forEach(event -> ids.add(event.id().toString()));
        assertThat(RelayFixture.read(kafka, ids, "orders.order-placed.v1").keySet())
                .containsAll(ids);

        assertThat(relay.terminate(Duration.ofSeconds(60)))
                .as("SIGTERM: exits 0 within the shutdown timeout")
                .isZero();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT count(*) FROM waybill.relay_offsets WHERE relay_name = 'process'")) {
            rs.next();
            assertThat(rs.getInt(1)).isPositive();
        }
        assertThat(relay.output()).contains("Stopped").doesNotContain(FAKE_PASSWORD, FAKE_JAAS_SECRET);
    }
}
