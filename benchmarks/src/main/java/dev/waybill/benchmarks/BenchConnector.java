package dev.waybill.benchmarks;

import dev.waybill.connect.ConnectFixture;
import dev.waybill.testkit.TestDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * One Debezium connector with the Waybill transform on the benchmark's Connect cluster, configured as docs/connect.md
 * documents, with a replication slot of its own. Closing it deletes the connector and waits until its task let go of
 * the slot, so the next round starts from a quiet database.
 */
final class BenchConnector implements AutoCloseable {

    private static final Path DOCS = Path.of("docs/connect.md");

    private final EmbeddedConnectCluster connect;
    private final TestDatabase database;
    private final String name;
    private final String slot;

    private BenchConnector(EmbeddedConnectCluster connect, TestDatabase database, String name, String slot) {
        this.connect = connect;
        this.database = database;
        this.name = name;
        this.slot = slot;
    }

    /** Creates the connector of {@code slot}: the documented configuration, then {@code overrides}. */
    static BenchConnector start(
            EmbeddedConnectCluster connect,
            TestDatabase database,
            String slot,
            String deadLetterTopic,
            Map<String, String> overrides)
            throws IOException {
        Map<String, String> config = ConnectFixture.connectorConfig(DOCS, database, slot, LocalRelay.CONTRACTS);
        config.put("transforms.waybill.dead.letter.topic", deadLetterTopic);
        config.putAll(overrides);
        String name = slot.replace('_', '-');
        connect.configureConnector(name, config);
        return new BenchConnector(connect, database, name, slot);
    }

    /** Waits until the task runs and streams from its slot. */
    void awaitStreaming() throws Exception {
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "the connector runs");
        Supplier<String> failure = failure();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!slotActive()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the connector's slot is not streaming: " + failure.get());
            }
            Thread.sleep(50);
        }
    }

    /** What failed in the connector or its task, asked of the REST API at most once a second; null while it runs. */
    Supplier<String> failure() {
        long[] next = {System.nanoTime() + 1_000_000_000L};
        return () -> {
            if (System.nanoTime() < next[0]) {
                return null;
            }
            next[0] = System.nanoTime() + 1_000_000_000L;
            ConnectorStateInfo status;
            try {
                status = connect.connectorStatus(name);
            } catch (RuntimeException notYet) { // no status before the worker has started the connector
                return null;
            }
            if ("FAILED".equals(status.connector().state())) {
                return "the connector failed: " + status.connector().trace();
            }
            for (ConnectorStateInfo.TaskState task : status.tasks()) {
                if ("FAILED".equals(task.state())) {
                    return "the task failed: " + task.trace();
                }
            }
            return null;
        };
    }

    @Override
    public void close() throws Exception {
        connect.deleteConnector(name);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (slotActive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private boolean slotActive() throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT active FROM pg_replication_slots WHERE slot_name = '" + slot + "'")) {
            return result.next() && result.getBoolean(1);
        }
    }
}
