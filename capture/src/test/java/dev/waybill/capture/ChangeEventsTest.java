package dev.waybill.capture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.outbox.OutboxColumn;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxTable;
import dev.waybill.outbox.internal.MessageEnvelope;
import dev.waybill.routing.CapturedEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

/** An event written in either mode reads back, column for column, through the reader of change events the relay and the Connect transform share. */
class ChangeEventsTest {

    private static final OutboxEvent EVENT = OutboxEvent.builder()
            .contract("orders.order-placed")
            .schemaVersion("1.2.0")
            .aggregate("order", "ORD-000042")
            .eventType("orders.order-placed")
            .header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
            .occurredAt(Instant.parse("2026-12-01T10:00:00.123456Z"))
            .payload("{\"orderId\":\"ORD-000042\",\"note\":\"line\\nbreak\"}")
            .build();

    private static final ChangeEvents READER = ChangeEvents.of(OutboxTable.DEFAULT);

    private static final Schema SOURCE = SchemaBuilder.struct()
            .field("db", Schema.STRING_SCHEMA)
            .field("schema", Schema.OPTIONAL_STRING_SCHEMA)
            .field("table", Schema.OPTIONAL_STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .build();

    @Test
    void tableRowReadsBackAsTheEventWritten() {
        SchemaBuilder row = SchemaBuilder.struct();
        for (OutboxColumn column : OutboxColumn.values()) {
            row.field(column.column(), Schema.OPTIONAL_STRING_SCHEMA);
        }
        Schema rowSchema = row.build();
        Struct after = new Struct(rowSchema);
        for (OutboxColumn column : OutboxColumn.values()) {
            after.put(column.column(), column.valueOf(EVENT));
        }
        Schema envelope = SchemaBuilder.struct()
                .field("op", Schema.STRING_SCHEMA)
                .field("after", rowSchema)
                .field("source", SOURCE)
                .build();

        CapturedEvent captured = READER.read(record(
                        new Struct(envelope).put("op", "c").put("after", after).put("source", source())))
                .orElseThrow();

        assertReadsBack(captured);
    }

    @Test
    void logicalDecodingMessageReadsBackAsTheEventWritten() {
        Schema message = SchemaBuilder.struct()
                .field("prefix", Schema.STRING_SCHEMA)
                .field("content", Schema.BYTES_SCHEMA)
                .build();
        Schema envelope = SchemaBuilder.struct()
                .field("op", Schema.STRING_SCHEMA)
                .field("message", message)
                .field("source", SOURCE)
                .build();
        byte[] content = MessageEnvelope.of(EVENT).getBytes(StandardCharsets.UTF_8);

        CapturedEvent captured = READER.read(record(new Struct(envelope)
                        .put("op", "m")
                        .put(
                                "message",
                                new Struct(message)
                                        .put("prefix", "waybill:waybill.outbox")
                                        .put("content", ByteBuffer.wrap(content)))
                        .put("source", source())))
                .orElseThrow();

        assertReadsBack(captured);
    }

    @Test
    void recordsThatCarryNoEventAreSkipped() {
        Schema heartbeat =
                SchemaBuilder.struct().field("ts_ms", Schema.INT64_SCHEMA).build();
        Schema update = SchemaBuilder.struct()
                .field("op", Schema.STRING_SCHEMA)
                .field("source", SOURCE)
                .build();

        assertThat(READER.read(record(new Struct(heartbeat).put("ts_ms", 1L)))).isEmpty();
        assertThat(READER.read(record(new Struct(update).put("op", "u").put("source", source()))))
                .isEmpty();
        assertThat(READER.read(record(null))).isEmpty();
    }

    @Test
    void anotherTableOrAnotherPrefixIsNotAnOutboxEvent() {
        SchemaBuilder row = SchemaBuilder.struct();
        for (OutboxColumn column : OutboxColumn.values()) {
            row.field(column.column(), Schema.OPTIONAL_STRING_SCHEMA);
        }
        Schema rowSchema = row.build();
        Schema envelope = SchemaBuilder.struct()
                .field("op", Schema.STRING_SCHEMA)
                .field("after", rowSchema)
                .field("source", SOURCE)
                .build();
        Struct otherTable = new Struct(envelope)
                .put("op", "c")
                .put("after", new Struct(rowSchema))
                .put("source", source().put("table", "orders"));
        assertThat(READER.read(record(otherTable))).isEmpty();
        assertThat(ChangeEvents.of(new OutboxTable("waybill", "orders")).read(record(otherTable)))
                .isPresent();
        assertThat(ChangeEvents.database(record(otherTable))).contains("shop");

        Schema message = SchemaBuilder.struct()
                .field("prefix", Schema.STRING_SCHEMA)
                .field("content", Schema.BYTES_SCHEMA)
                .build();
        Schema messageEnvelope = SchemaBuilder.struct()
                .field("op", Schema.STRING_SCHEMA)
                .field("message", message)
                .field("source", SOURCE)
                .build();
        Struct heartbeat = new Struct(messageEnvelope)
                .put("op", "m")
                .put(
                        "message",
                        new Struct(message).put("prefix", "waybill-heartbeat").put("content", new byte[0]))
                .put("source", source());
        assertThat(READER.read(record(heartbeat))).isEmpty();
    }

    private static void assertReadsBack(CapturedEvent captured) {
        for (OutboxColumn column : OutboxColumn.values()) {
            assertThat(captured.column(column)).as(column.column()).isEqualTo(column.valueOf(EVENT));
        }
        assertThat(captured.lsn()).isEqualTo(1234);
        assertThat(captured.txId()).isEqualTo(99);
        assertThat(captured.commitMillis()).isEqualTo(1_764_583_200_000L);
    }

    private static Struct source() {
        return new Struct(SOURCE)
                .put("db", "shop")
                .put("schema", "waybill")
                .put("table", "outbox")
                .put("lsn", 1234L)
                .put("txId", 99L)
                .put("ts_ms", 1_764_583_200_000L);
    }

    private static SourceRecord record(Struct value) {
        return new SourceRecord(Map.of(), Map.of(), "waybill", value == null ? null : value.schema(), value);
    }
}
