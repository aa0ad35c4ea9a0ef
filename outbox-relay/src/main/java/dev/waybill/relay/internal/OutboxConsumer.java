package dev.waybill.relay.internal;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.DataContract;
import dev.waybill.relay.internal.Routing.Decision;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles each batch Debezium captures: routes every outbox insert, sends all records, waits until Kafka
 * acknowledged every one of them, and only then marks the batch processed, so Debezium stores the offset (and
 * releases WAL) only for what Kafka has. A send that cannot succeed stops the relay without committing; nothing is
 * lost, the batch is captured again after the restart.
 */
final class OutboxConsumer implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxConsumer.class);

    private final Producer<byte[], byte[]> producer;
    private final ContractSource contracts;
    private final RelayMetrics metrics;
    private final String deadLetterTopic;
    private final CloudEventHeaders cloudEvents;
    private final Clock clock;

    OutboxConsumer(Producer<byte[], byte[]> producer, ContractSource contracts, RelayMetrics metrics,
            String deadLetterTopic, String source, String instance, Clock clock) {
        this.producer = producer;
        this.contracts = contracts;
        this.metrics = metrics;
        this.deadLetterTopic = deadLetterTopic;
        this.cloudEvents = new CloudEventHeaders(source, instance);
        this.clock = clock;
    }

    /** Below this many events a batch is routed on the engine's thread alone: forking would cost more. */
    private static final int PARALLEL_FROM = 64;

    private record Routed(OutboxRow row, Decision decision, ProducerRecord<byte[], byte[]> record) {}

    private record Sent(Routed routed, Future<RecordMetadata> ack) {}

    @Override
    public void handleBatch(List<RecordChangeEvent<SourceRecord>> events,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
        byte[] relayedAt = CloudEventHeaders.utf8(Instant.now(clock).toString());
        ContractCatalog catalog = contracts.current();
        List<OutboxRow> rows = new ArrayList<>(events.size());
        for (RecordChangeEvent<SourceRecord> event : events) {
            SourceRecord record = event.record();
            switch (OutboxRow.kind(record)) {
                case INSERT -> rows.add(OutboxRow.from(record));
                case MESSAGE -> rows.add(OutboxRow.fromMessage(record));
                case IGNORED_CHANGE -> metrics.ignored(OutboxRow.operation(record));
                case OTHER -> { }
            }
        }
        publish(rows, catalog, relayedAt);
        for (RecordChangeEvent<SourceRecord> event : events) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }

    /** Publishes {@code rows} (outside any Debezium batch) and returns once Kafka acknowledged all of them. */
    void publish(List<OutboxRow> rows) throws InterruptedException {
        publish(rows, contracts.current(), CloudEventHeaders.utf8(Instant.now(clock).toString()));
    }

    private void publish(List<OutboxRow> rows, ContractCatalog catalog, byte[] relayedAt)
            throws InterruptedException {
        // Validation and headers are most of the relay's own work and independent per event: spread them over the
        // cores. Sending stays in list order, which is what keeps each aggregate's order.
        List<Routed> routed = (rows.size() >= PARALLEL_FROM ? rows.parallelStream() : rows.stream())
                .map(row -> route(row, catalog, relayedAt)).toList();
        List<Sent> sent = new ArrayList<>(routed.size());
        for (Routed one : routed) {
            sent.add(new Sent(one, producer.send(one.record())));
        }
        for (Sent one : sent) {
            await(one);
        }
    }

    private Routed route(OutboxRow row, ContractCatalog catalog, byte[] relayedAt) {
        Decision decision = Routing.decide(row, catalog, deadLetterTopic);
        Headers headers;
        try {
            headers = cloudEvents.of(row, relayedAt);
        } catch (IllegalArgumentException e) {
            decision = Routing.malformedHeaders(decision, deadLetterTopic, e.getMessage());
            headers = cloudEvents.of(withoutHeaders(row), relayedAt);
        }
        if (decision.deadLetter()) {
            headers = CloudEventHeaders.deadLetter(headers, decision.reason(), decision.pointer(), decision.message(),
                    decision.intendedTopic());
        }
        return new Routed(row, decision, new ProducerRecord<>(decision.topic(), null, key(row), value(row), headers));
    }

    private void await(Sent sent) throws InterruptedException {
        Routed routed = sent.routed();
        try {
            sent.ack().get();
            done(routed);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException tooLarge && !routed.decision().reason()
                    .equals("record-too-large")) {
                // The value cannot go anywhere whole: dead-letter the event without it, with the reason.
                Decision decision = Routing.tooLarge(routed.decision(), deadLetterTopic, "the record ("
                        + routed.record().value().length + " bytes of payload) is over Kafka's size limit: "
                        + tooLarge.getMessage());
                Headers headers = CloudEventHeaders.deadLetter(routed.record().headers(), decision.reason(), "",
                        decision.message(), decision.intendedTopic());
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(decision.topic(), null,
                        routed.record().key(), null, headers);
                await(new Sent(new Routed(routed.row(), decision, record), producer.send(record)));
                return;
            }
            throw new IllegalStateException("Kafka refused event " + routed.row().id() + " for topic "
                    + routed.record().topic() + ": " + e.getCause(), e.getCause());
        }
    }

    private void done(Routed acknowledged) {
        Decision decision = acknowledged.decision();
        if (decision.deadLetter()) {
            metrics.deadLettered(acknowledged.row().contract(), acknowledged.row().schemaVersion(), decision.reason());
            LOG.debug("Event {} dead-lettered to {}: {} {}", acknowledged.row().id(), decision.topic(), decision.reason(),
                    decision.message());
        } else {
            DataContract contract = decision.contract().orElseThrow();
            long latency = acknowledged.row().commitMillis() > 0 ? clock.millis() - acknowledged.row().commitMillis() : -1;
            metrics.published(contract, latency);
        }
    }

    private static byte[] key(OutboxRow row) {
        return row.aggregateId() == null ? null : row.aggregateId().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] value(OutboxRow row) {
        return row.payload() == null ? null : row.payload().getBytes(StandardCharsets.UTF_8);
    }

    private static OutboxRow withoutHeaders(OutboxRow row) {
        return new OutboxRow(row.id(), row.contract(), row.schemaVersion(), row.aggregateType(), row.aggregateId(),
                row.eventType(), row.payload(), null, row.occurredAt(), row.lsn(), row.txId(), row.commitMillis());
    }
}
