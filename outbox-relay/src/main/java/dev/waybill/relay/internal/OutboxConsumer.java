package dev.waybill.relay.internal;

import dev.waybill.capture.ChangeEvents;
import dev.waybill.relay.RelayException;
import dev.waybill.routing.CapturedEvent;
import dev.waybill.routing.EventRouter;
import dev.waybill.routing.RoutedEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's adapter from Debezium to the routing core. For each batch Debezium captures: reads the events
 * ({@link ChangeEvents}, shared with the Kafka Connect transform), routes them ({@link EventRouter}, with the
 * down-converted copies some events get), sends every record, waits until Kafka acknowledged every one, and only then
 * marks the batch processed, so Debezium stores the offset (and releases WAL) only for what Kafka has. A send that
 * cannot succeed stops the relay without committing; nothing is lost, the batch is captured again after the restart.
 */
final class OutboxConsumer implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxConsumer.class);

    /** Below this many events a batch is routed on the engine's thread alone: forking would cost more. */
    private static final int PARALLEL_FROM = 64;

    private final ChangeEvents reader;
    private final Producer<byte[], byte[]> producer;
    private final EventRouter router;
    private final RelayMetrics metrics;
    private final Clock clock;
    private final Fence fence;

    /** Lets a batch be sent only during this relay's term as the stream's active one. */
    interface Fence {
        /** Returns {@code true} when sending is allowed, {@code false} once the term has ended. */
        boolean awaitPermission() throws InterruptedException;

        /** The term has ended: the producer is closed, and what it did not send is the next active relay's. */
        boolean ended();
    }

    OutboxConsumer(
            ChangeEvents reader,
            Producer<byte[], byte[]> producer,
            EventRouter router,
            RelayMetrics metrics,
            Clock clock,
            Fence fence) {
        this.reader = reader;
        this.producer = producer;
        this.router = router;
        this.metrics = metrics;
        this.clock = clock;
        this.fence = fence;
    }

    /** A record to send; {@code copy} for a down-converted copy (known here, so no header is looked up for it). */
    private record Outgoing(RoutedEvent routed, boolean copy) {}

    private record Sent(Outgoing outgoing, Future<RecordMetadata> ack) {}

    @Override
    public void handleBatch(
            List<RecordChangeEvent<SourceRecord>> events,
            DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
            throws InterruptedException {
        List<CapturedEvent> captured = new ArrayList<>(events.size());
        for (RecordChangeEvent<SourceRecord> event : events) {
            reader.read(event.record()).ifPresent(captured::add);
        }
        if (!publish(captured)) {
            // Nothing marked, nothing stored: the next active relay publishes this batch. Returning quietly (rather
            // than failing the engine) keeps an expected take-over out of the error log.
            return;
        }
        for (RecordChangeEvent<SourceRecord> event : events) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
    }

    /**
     * Publishes {@code events} in order and returns {@code true} once Kafka acknowledged all of them, or
     * {@code false} when this relay's term ended first (some may have been published, none is acknowledged).
     */
    boolean publish(List<CapturedEvent> events) throws InterruptedException {
        EventRouter.Batch batch = router.batch();
        // Validation and headers are most of the relay's own work and independent per event: spread them over the
        // cores. Sending stays in list order, which is what keeps each aggregate's order. A down-converted copy
        // follows its original, so both topics keep the order and the batch is stored only once both are acknowledged.
        List<Outgoing> routed = (events.size() >= PARALLEL_FROM ? events.parallelStream() : events.stream())
                .map(batch::route)
                .flatMap(original -> {
                    List<RoutedEvent> copies = batch.copies(original); // usually none
                    Outgoing first = new Outgoing(original, false);
                    return copies.isEmpty()
                            ? Stream.of(first)
                            : Stream.concat(Stream.of(first), copies.stream().map(copy -> new Outgoing(copy, true)));
                })
                .toList();
        if (!fence.awaitPermission()) {
            return false;
        }
        List<Sent> sent = new ArrayList<>(routed.size());
        for (Outgoing one : routed) {
            sent.add(send(one));
        }
        for (Sent one : sent) {
            try {
                await(one);
            } catch (RelayException e) {
                if (fence.ended()) {
                    return false; // the producer was closed under it when the lock was lost
                }
                throw e;
            }
        }
        return true;
    }

    private Sent send(Outgoing outgoing) {
        RoutedEvent routed = outgoing.routed();
        return new Sent(
                outgoing,
                producer.send(
                        new ProducerRecord<>(routed.topic(), null, routed.key(), routed.value(), routed.headers())));
    }

    private void await(Sent sent) throws InterruptedException {
        RoutedEvent routed = sent.outgoing().routed();
        try {
            sent.ack().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof RecordTooLargeException tooLarge) || routed.value() == null) {
                throw new RelayException(
                        "Kafka refused event " + routed.event().id() + " for topic "
                                + routed.topic() + ": " + e.getCause().getMessage()
                                + "; the relay stops without storing "
                                + "its position, and publishes the event again when restarted",
                        e.getCause());
            }
            // The value cannot go anywhere whole: dead-letter the event without it, with the reason.
            await(send(new Outgoing(
                    router.tooLarge(routed, tooLarge.getMessage()),
                    sent.outgoing().copy())));
            return;
        }
        acknowledged(routed, sent.outgoing().copy());
    }

    private void acknowledged(RoutedEvent routed, boolean copy) {
        CapturedEvent event = routed.event();
        if (routed.deadLettered()) {
            RoutedEvent.Rejection rejection = routed.rejection().orElseThrow();
            metrics.deadLettered(event.contract(), event.schemaVersion(), rejection.reason());
            LOG.debug(
                    "Event {} dead-lettered to {}: {} {}",
                    event.id(),
                    routed.topic(),
                    rejection.reason(),
                    rejection.message());
        } else if (copy) {
            metrics.publishedCopy(routed.contract().orElseThrow());
        } else {
            long latency = event.commitMillis() > 0 ? clock.millis() - event.commitMillis() : -1;
            metrics.published(routed.contract().orElseThrow(), latency);
        }
    }
}
