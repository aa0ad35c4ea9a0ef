package dev.waybill.collector.internal;

import dev.waybill.routing.WaybillHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The raw record of one event: topic {@code <contract><suffix>}, key the subject, value the payload bytes as
 * received, CloudEvents headers in Kafka binary mode and the collector's own.
 */
public final class RawRecords {

    private static final byte[] SPEC_VERSION = utf8("1.0");
    private static final byte[] JSON = utf8("application/json");

    private final String suffix;
    private final String defaultSource;
    private final byte[] instance;

    public RawRecords(String suffix, String defaultSource, String instance) {
        this.suffix = suffix;
        this.defaultSource = defaultSource;
        this.instance = utf8(instance);
    }

    public String topic(String contract) {
        return contract + suffix;
    }

    public List<ProducerRecord<byte[], byte[]>> build(
            List<Envelope> events, String producer, String receivedAt, String clientAddress) {
        byte[] producerBytes = utf8(producer);
        byte[] receivedAtBytes = utf8(receivedAt);
        byte[] clientBytes = clientAddress == null ? null : utf8(clientAddress);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(events.size());
        for (Envelope event : events) {
            RecordHeaders headers = new RecordHeaders();
            headers.add(WaybillHeaders.SPEC_VERSION, SPEC_VERSION);
            headers.add(WaybillHeaders.ID, utf8(event.id()));
            headers.add(WaybillHeaders.TYPE, utf8(event.type()));
            headers.add(WaybillHeaders.SOURCE, utf8(event.source() == null ? defaultSource : event.source()));
            headers.add(WaybillHeaders.SUBJECT, utf8(event.subject()));
            if (event.time() != null) {
                headers.add(WaybillHeaders.TIME, utf8(event.time()));
            }
            headers.add(
                    WaybillHeaders.CONTENT_TYPE,
                    event.dataContentType() == null ? JSON : utf8(event.dataContentType()));
            headers.add(WaybillHeaders.CONTRACT, utf8(event.contract()));
            headers.add(WaybillHeaders.VERSION, utf8(event.version()));
            if (event.aggregateType() != null) {
                headers.add(WaybillHeaders.AGGREGATE_TYPE, utf8(event.aggregateType()));
            }
            for (Map.Entry<String, String> extension : event.extensions().entrySet()) {
                headers.add("ce_" + extension.getKey(), utf8(extension.getValue()));
            }
            headers.add(CollectorHeaders.COLLECTOR, instance);
            headers.add(CollectorHeaders.RECEIVED_AT, receivedAtBytes);
            headers.add(CollectorHeaders.PRODUCER, producerBytes);
            if (clientBytes != null) {
                headers.add(CollectorHeaders.CLIENT_ADDRESS, clientBytes);
            }
            records.add(
                    new ProducerRecord<>(topic(event.contract()), null, utf8(event.subject()), event.data(), headers));
        }
        return records;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
