package dev.waybill.connect;

import static dev.waybill.connect.ConnectFixture.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.contracts.ContractDirectory;
import dev.waybill.contracts.ContractRegistry;
import dev.waybill.contracts.DataContract;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.routing.WaybillHeaders;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.WaybillTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contracts from the registry table, on a running Connect task: a version pushed while the task runs applies without
 * restarting it.
 */
@WaybillTest
class ConnectRegistryIT {

    @Test
    void aVersionPushedToTheRegistryAppliesWithoutRestartingTheTask(TestDatabase database, @TempDir Path plugins)
            throws Exception {
        ConnectFixture.migrate(database);
        List<DataContract> all =
                ContractDirectory.at(ConnectFixture.contracts()).lint().contracts();
        ContractRegistry registry = new ContractRegistry(database.dataSource());
        registry.push(
                all.stream().filter(c -> c.version().toString().equals("1.0.0")).toList(), "test");

        EmbeddedConnectCluster connect = ConnectFixture.cluster("registry", 1, ConnectFixture.install(plugins));
        try {
            Map<String, String> config =
                    ConnectFixture.connectorConfig(database, "waybill_registry", ConnectFixture.contracts());
            config.remove("transforms.waybill.contracts.directory");
            config.put("transforms.waybill.contracts.registry.url", database.jdbcUrl());
            config.put("transforms.waybill.contracts.registry.user", database.username());
            config.put("transforms.waybill.contracts.registry.password", database.password());
            config.put("transforms.waybill.contracts.reload.interval.ms", "500");
            connect.configureConnector("registry", config);
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("registry", 1, "the connector runs");
            await().atMost(Duration.ofSeconds(60)).until(() -> slotActive(database));

            // Until the first event is through (the task may still be starting to stream), each round writes one.
            ConsumerRecord<byte[], byte[]> deadLettered = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> firstOf(
                                    connect,
                                    database,
                                    order110("ORD-700001"),
                                    "orders.order-placed.dlq",
                                    "waybill.dead-letter"),
                            java.util.Objects::nonNull);
            assertThat(header(deadLettered, WaybillHeaders.DLQ_REASON)).isEqualTo("unknown-version");
            assertThat(header(deadLettered, WaybillHeaders.DLQ_MESSAGE)).contains("1.0.0");

            registry.push(all, "test");
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(
                            () -> firstOf(connect, database, order110("ORD-700002"), "orders.order-placed.v1"),
                            java.util.Objects::nonNull);
            // The task's metrics are Connect's, over JMX: the reload and the routed events are counted there.
            assertThat(jmx("waybill-contract-reloads-total", Map.of("connector", "registry", "outcome", "success")))
                    .isGreaterThanOrEqualTo(1.0);
            assertThat(jmx(
                            "waybill-events-dead-lettered-total",
                            Map.of("connector", "registry", "reason", "unknown-version")))
                    .isGreaterThanOrEqualTo(1.0);
            assertThat(jmx(
                            "waybill-events-published-total",
                            Map.of("connector", "registry", "contract", "orders.order-placed", "version", "1.1.0")))
                    .isGreaterThanOrEqualTo(1.0);
        } finally {
            connect.stop();
        }
    }

    /** The value of a metric as JMX shows it: an attribute of the MBean whose name has these tags. */
    private static double jmx(String attribute, Map<String, String> tags) throws Exception {
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        for (javax.management.ObjectName name :
                server.queryNames(new javax.management.ObjectName("kafka.connect:type=plugins,*"), null)) {
            boolean matches =
                    tags.entrySet().stream().allMatch(tag -> tag.getValue().equals(name.getKeyProperty(tag.getKey())));
            if (!matches) {
                continue;
            }
            for (javax.management.MBeanAttributeInfo info :
                    server.getMBeanInfo(name).getAttributes()) {
                if (info.getName().equals(attribute)) {
                    return ((Number) server.getAttribute(name, attribute)).doubleValue();
                }
            }
        }
        throw new AssertionError("no MBean with " + attribute + " and " + tags + " among "
                + server.queryNames(new javax.management.ObjectName("kafka.connect:type=plugins,*"), null));
    }

    /** Writes {@code event} and returns its record if it shows up in {@code topics} within 3 s, else null. */
    private static ConsumerRecord<byte[], byte[]> firstOf(
            EmbeddedConnectCluster connect, TestDatabase database, OutboxEvent event, String... topics)
            throws Exception {
        write(database, event);
        String id = event.id().toString();
        return ConnectFixture.read(
                        connect.kafka().bootstrapServers(),
                        Duration.ofSeconds(3),
                        records -> records.stream().anyMatch(r -> id.equals(header(r, WaybillHeaders.ID))),
                        topics)
                .stream()
                .filter(r -> id.equals(header(r, WaybillHeaders.ID)))
                .findFirst()
                .orElse(null);
    }

    private static OutboxEvent order110(String orderId) {
        return OutboxEvent.builder()
                .contract("orders.order-placed")
                .schemaVersion("1.1.0")
                .aggregate("order", orderId)
                .payload("{\"orderId\":\"" + orderId
                        + "\",\"totalAmount\":1,\"occurredAt\":\"2026-11-26T10:15:30Z\",\"salesChannel\":\"web\"}")
                .build();
    }

    private static void write(TestDatabase database, OutboxEvent event) throws Exception {
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            OutboxWriter.create().write(connection, event);
            connection.commit();
        }
    }

    private static boolean slotActive(TestDatabase database) throws Exception {
        try (Connection connection = database.connect();
                var statement = connection.createStatement();
                var result = statement.executeQuery(
                        "SELECT count(*) FROM pg_replication_slots WHERE active AND slot_name = 'waybill_registry'")) {
            result.next();
            return result.getInt(1) == 1;
        }
    }
}
