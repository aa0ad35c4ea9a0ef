package dev.waybill.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waybill.outbox.OutboxColumn;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.internal.MessageEnvelope;
import dev.waybill.routing.WaybillHeaders;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.source.SourceRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transform on hand-built records of Debezium's PostgreSQL connector. */
class ContractRouterTest {

    private static final Schema SOURCE = SchemaBuilder.struct()
            .field("db", Schema.STRING_SCHEMA)
            .field("schema", Schema.OPTIONAL_STRING_SCHEMA)
            .field("table", Schema.OPTIONAL_STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .build();
    private static final Schema ROW = row();
    private static final Schema ROW_ENVELOPE = SchemaBuilder.struct()
            .field("op", Schema.STRING_SCHEMA)
            .field("after", ROW)
            .field("source", SOURCE)
            .build();
    private static final Schema MESSAGE = SchemaBuilder.struct()
            .field("prefix", Schema.STRING_SCHEMA)
            .field("content", Schema.BYTES_SCHEMA)
            .build();
    private static final Schema MESSAGE_ENVELOPE = SchemaBuilder.struct()
            .field("op", Schema.STRING_SCHEMA)
            .field("message", MESSAGE)
            .field("source", SOURCE)
            .build();

    private final ContractRouter<SourceRecord> router = new ContractRouter<>();

    @AfterEach
    void close() {
        router.close();
    }

    @Test
    void anOutboxRowBecomesTheRelaysRecord() {
        router.configure(Map.of("contracts.directory", contracts().toString(), "instance", "connect-1"));
        OutboxEvent event = order("ORD-000001", 5);

        SourceRecord routed = router.apply(rowInsert(event));

        assertThat(routed.topic()).isEqualTo("orders.order-placed.v1");
        assertThat(routed.kafkaPartition()).isNull();
        assertThat(text((byte[]) routed.key())).isEqualTo("ORD-000001");
        assertThat(text((byte[]) routed.value())).isEqualTo(event.payload());
        assertThat(routed.keySchema()).isEqualTo(Schema.OPTIONAL_BYTES_SCHEMA);
        assertThat(header(routed, WaybillHeaders.ID)).isEqualTo(event.id().toString());
        assertThat(header(routed, WaybillHeaders.SOURCE)).isEqualTo("/waybill/shop");
        assertThat(header(routed, WaybillHeaders.LSN)).isEqualTo("1234");
        assertThat(header(routed, WaybillHeaders.TX_ID)).isEqualTo("99");
        assertThat(header(routed, WaybillHeaders.RELAY)).isEqualTo("connect-1");
        assertThat(header(routed, "traceparent")).isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(header(routed, WaybillHeaders.DLQ_REASON)).isNull();
        // The source offset stays Debezium's: Connect stores it once the routed record is acknowledged.
        assertThat(routed.sourceOffset()).isEqualTo(Map.of("lsn", 1234L));
    }

    @Test
    void aMessageModeEventIsRoutedTheSameWay() {
        router.configure(Map.of("contracts.directory", contracts().toString(), "source", "/shop"));
        OutboxEvent event = order("ORD-000002", 7);

        SourceRecord routed = router.apply(message("waybill:waybill.outbox", MessageEnvelope.of(event)));

        assertThat(routed.topic()).isEqualTo("orders.order-placed.v1");
        assertThat(text((byte[]) routed.value())).isEqualTo(event.payload());
        assertThat(header(routed, WaybillHeaders.ID)).isEqualTo(event.id().toString());
        assertThat(header(routed, WaybillHeaders.SOURCE)).isEqualTo("/shop");
    }

    @Test
    void badEventsAreDeadLetteredWithTheReason() {
        router.configure(Map.of("contracts.directory", contracts().toString(), "dead.letter.topic", "dlq.all"));

        SourceRecord violation = router.apply(rowInsert(order("not-an-order-id", 1)));
        assertThat(violation.topic()).isEqualTo("orders.order-placed.dlq");
        assertThat(header(violation, WaybillHeaders.DLQ_REASON)).isEqualTo("contract-violation");
        assertThat(header(violation, WaybillHeaders.DLQ_POINTER)).isEqualTo("/orderId");
        assertThat(header(violation, WaybillHeaders.DLQ_INTENDED_TOPIC)).isEqualTo("orders.order-placed.v1");

        SourceRecord unknown = router.apply(rowInsert(OutboxEvent.builder()
                .contract("nobody.knows")
                .schemaVersion("1.0.0")
                .aggregate("x", "1")
                .payload("{}")
                .build()));
        assertThat(unknown.topic()).isEqualTo("dlq.all");
        assertThat(header(unknown, WaybillHeaders.DLQ_REASON)).isEqualTo("unknown-contract");

        SourceRecord malformed = router.apply(message("waybill:waybill.outbox", "not an envelope"));
        assertThat(malformed.topic()).isEqualTo("dlq.all");
        assertThat(header(malformed, WaybillHeaders.DLQ_REASON)).isEqualTo("malformed-event");
        assertThat(text((byte[]) malformed.value())).isEqualTo("not an envelope");
    }

    @Test
    void recordsThatAreNotOutboxEventsAreDroppedOrPassedOn() {
        SourceRecord heartbeat = message("waybill-heartbeat", "");
        SourceRecord otherTable = rowInsert(order("ORD-000003", 1), "orders");

        router.configure(Map.of("contracts.directory", contracts().toString()));
        assertThat(router.apply(heartbeat)).isNull();
        assertThat(router.apply(otherTable)).isNull();

        try (ContractRouter<SourceRecord> passing = new ContractRouter<>()) {
            passing.configure(Map.of("contracts.directory", contracts().toString(), "non.outbox.records", "PASS"));
            assertThat(passing.apply(heartbeat)).isSameAs(heartbeat);
            assertThat(passing.apply(otherTable)).isSameAs(otherTable);
        }
    }

    @Test
    void badSettingsAreNamed() {
        Map<String, ConfigValue> checked = new HashMap<>();
        for (ConfigValue value : router.config()
                .validate(Map.of(
                        "contracts.directory", "/no/such/directory",
                        "non.outbox.records", "keep",
                        "contracts.reload.interval.ms", "5",
                        "dead.letter.topic", "dead letters"))) {
            checked.put(value.name(), value);
        }
        assertThat(checked.get("contracts.directory").errorMessages())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("not a directory");
        assertThat(checked.get("non.outbox.records").errorMessages()).isNotEmpty();
        assertThat(checked.get("contracts.reload.interval.ms").errorMessages()).isNotEmpty();
        assertThat(checked.get("dead.letter.topic").errorMessages()).isNotEmpty();
        assertThat(checked.get("source").errorMessages()).isEmpty();

        assertThatThrownBy(() -> router.configure(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("contracts.directory")
                .hasMessageContaining("contracts.registry.url");
    }

    @Test
    void aBrokenContractFailsTheTaskNamingFileLineAndField(@TempDir Path directory) throws IOException {
        copy(contracts(), directory);
        Path broken = directory.resolve("orders.order-placed/1.1.0.odcs.yaml");
        Files.writeString(broken, Files.readString(broken).replace("status: active", "status: shipped"));

        assertThatThrownBy(() -> router.configure(Map.of("contracts.directory", directory.toString())))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("1.1.0.odcs.yaml:")
                .hasMessageContaining("status");
    }

    @Test
    void changedContractsApplyWithoutARestartAndABrokenChangeKeepsThePreviousOnes(
            @TempDir Path directory, @TempDir Path elsewhere) throws IOException {
        copy(contracts(), directory);
        Path legacy = directory.resolve("legacy.signup");
        Path parked = elsewhere.resolve("legacy.signup");
        Files.move(legacy, parked);
        router.configure(Map.of("contracts.directory", directory.toString(), "contracts.reload.interval.ms", "100"));
        OutboxEvent signup = OutboxEvent.builder()
                .contract("legacy.signup")
                .schemaVersion("1.0.0")
                .aggregate("user", "u-1")
                .payload("{\"userId\":\"u-1\"}")
                .build();
        assertThat(header(router.apply(rowInsert(signup)), WaybillHeaders.DLQ_REASON))
                .isEqualTo("unknown-contract");

        Files.move(parked, legacy);
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        !"unknown-contract".equals(header(router.apply(rowInsert(signup)), WaybillHeaders.DLQ_REASON)));

        Path file = directory.resolve("orders.order-placed/1.0.0.odcs.yaml");
        Files.writeString(file, Files.readString(file).replace("status: active", "status: shipped"));
        Awaitility.await()
                .during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        router.apply(rowInsert(order("ORD-000004", 1))).topic().equals("orders.order-placed.v1"));
    }

    @Test
    void metricsGoThroughConnectsPluginMetrics() {
        try (Metrics metrics = new Metrics()) {
            router.withPluginMetrics(new PluginMetricsImpl(metrics, Map.of("connector", "shop", "task", "0")));
            router.configure(Map.of("contracts.directory", contracts().toString()));
            router.apply(rowInsert(order("ORD-000005", 1)));
            router.apply(rowInsert(order("ORD-000006", 2)));
            router.apply(rowInsert(order("bad", 3)));

            assertThat(value(
                            metrics,
                            "waybill-events-published-total",
                            "contract",
                            "orders.order-placed",
                            "version",
                            "1.0.0"))
                    .isEqualTo(2.0);
            assertThat(value(metrics, "waybill-events-dead-lettered-total", "reason", "contract-violation"))
                    .isEqualTo(1.0);
            assertThat(value(metrics, "waybill-sla-latency-events-total", "outcome", "met"))
                    .isEqualTo(2.0);
            assertThat(value(metrics, "waybill-sla-latency-seconds", "contract", "orders.order-placed"))
                    .isEqualTo(5.0);
        }
    }

    private static double value(Metrics metrics, String name, String... tags) {
        return metrics.metrics().entrySet().stream()
                .filter(entry -> entry.getKey().name().equals(name))
                .filter(entry -> {
                    MetricName metricName = entry.getKey();
                    for (int i = 0; i < tags.length; i += 2) {
                        if (!tags[i + 1].equals(metricName.tags().get(tags[i]))) {
                            return false;
                        }
                    }
                    return metricName.tags().get("connector").equals("shop");
                })
                .map(Map.Entry::getValue)
                .map(KafkaMetric::metricValue)
                .map(value -> ((Number) value).doubleValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " " + List.of(tags) + " in "
                        + metrics.metrics().keySet()));
    }

    static OutboxEvent order(String orderId, long total) {
        return OutboxEvent.builder()
                .contract("orders.order-placed")
                .schemaVersion("1.0.0")
                .aggregate("order", orderId)
                .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
                .occurredAt(Instant.parse("2026-12-01T10:00:00.123456Z"))
                .payload("{\"orderId\":\"" + orderId + "\",\"totalAmount\":" + total
                        + ",\"occurredAt\":\"2026-11-26T10:15:30Z\"}")
                .build();
    }

    private static SourceRecord rowInsert(OutboxEvent event) {
        return rowInsert(event, "outbox");
    }

    private static SourceRecord rowInsert(OutboxEvent event, String table) {
        Struct after = new Struct(ROW);
        for (OutboxColumn column : OutboxColumn.values()) {
            after.put(column.column(), column.valueOf(event));
        }
        return record(
                new Struct(ROW_ENVELOPE).put("op", "c").put("after", after).put("source", source(table)));
    }

    private static SourceRecord message(String prefix, String content) {
        return record(new Struct(MESSAGE_ENVELOPE)
                .put("op", "m")
                .put(
                        "message",
                        new Struct(MESSAGE)
                                .put("prefix", prefix)
                                .put("content", ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8))))
                .put("source", source(null)));
    }

    private static Struct source(String table) {
        return new Struct(SOURCE)
                .put("db", "shop")
                .put("schema", table == null ? null : "waybill")
                .put("table", table)
                .put("lsn", 1234L)
                .put("txId", 99L)
                .put("ts_ms", System.currentTimeMillis());
    }

    private static SourceRecord record(Struct value) {
        return new SourceRecord(
                Map.of("server", "shop"), Map.of("lsn", 1234L), "shop.waybill.outbox", value.schema(), value);
    }

    private static Schema row() {
        SchemaBuilder row = SchemaBuilder.struct();
        for (OutboxColumn column : OutboxColumn.values()) {
            row.field(column.column(), Schema.OPTIONAL_STRING_SCHEMA);
        }
        return row.build();
    }

    private static String header(SourceRecord record, String name) {
        Header header = record.headers().lastWithName(name);
        return header == null ? null : text((byte[]) header.value());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static Path contracts() {
        try {
            return Path.of(
                    ContractRouterTest.class.getResource("/connect-contracts").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
