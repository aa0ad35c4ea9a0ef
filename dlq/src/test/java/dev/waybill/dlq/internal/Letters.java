package dev.waybill.dlq.internal;

import dev.waybill.routing.WaybillHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Dead letters as the relay writes them, for unit tests. */
final class Letters {

    private Letters() {}

    static DeadLetter letter(
            long offset, String id, String contract, String version, String reason, String pointer, String relayedAt) {
        List<Header> headers = new ArrayList<>();
        add(headers, WaybillHeaders.ID, id);
        add(headers, WaybillHeaders.CONTRACT, contract);
        add(headers, WaybillHeaders.VERSION, version);
        add(headers, WaybillHeaders.RELAYED_AT, relayedAt);
        add(headers, WaybillHeaders.DLQ_REASON, reason);
        add(headers, WaybillHeaders.DLQ_POINTER, pointer);
        return new DeadLetter(
                "waybill.dead-letter",
                0,
                offset,
                Instant.parse("2026-12-01T00:00:00Z"),
                bytes("ORD-1"),
                bytes("{}"),
                headers);
    }

    private static void add(List<Header> headers, String name, String value) {
        if (value != null) {
            headers.add(new RecordHeader(name, bytes(value)));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
