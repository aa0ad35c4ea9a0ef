package dev.waybill.collector.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code buffered} mode: a request is accepted once all its events have a place in a bounded in-memory buffer; they
 * leave it when Kafka acknowledged them. While Kafka is away the buffer fills, and the producer retries without a
 * deadline; when the buffer is full a request fails with 503 {@code buffer-full} and {@code Retry-After}, whole: no
 * event is ever dropped silently.
 */
final class BufferedSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(BufferedSink.class);

    private final Producer<byte[], byte[]> producer;
    private final long maxEvents;
    private final long maxBytes;
    private final CollectorMetrics metrics;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final LinkedBlockingQueue<ProducerRecord<byte[], byte[]>> queue = new LinkedBlockingQueue<>();
    private final Thread dispatcher;
    private volatile boolean closing;

    BufferedSink(Producer<byte[], byte[]> producer, long maxEvents, long maxBytes, CollectorMetrics metrics) {
        this.producer = producer;
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
        this.metrics = metrics;
        this.dispatcher = new Thread(this::dispatch, "waybill-collector-buffer");
        dispatcher.setDaemon(true);
        dispatcher.start();
    }

    @Override
    public CompletableFuture<Void> write(List<ProducerRecord<byte[], byte[]>> records, long size) {
        if (closing) {
            return CompletableFuture.failedFuture(
                    new ApiException(503, "stopping", "this collector is stopping", Map.of("retryAfterSeconds", 1)));
        }
        if (!reserve(records.size(), size)) {
            return CompletableFuture.failedFuture(new ApiException(
                    503,
                    "buffer-full",
                    "the collector's buffer is full (" + events.get() + " of " + maxEvents + " events, " + bytes.get()
                            + " of " + maxBytes + " bytes) while Kafka catches up. Nothing of the request is"
                            + " accepted: send it again after Retry-After",
                    Map.of("retryAfterSeconds", 2)));
        }
        queue.addAll(records);
        return CompletableFuture.completedFuture(null);
    }

    private boolean reserve(long count, long size) {
        while (true) {
            long currentEvents = events.get();
            if (currentEvents + count > maxEvents) {
                return false;
            }
            if (events.compareAndSet(currentEvents, currentEvents + count)) {
                break;
            }
        }
        if (bytes.addAndGet(size) > maxBytes) {
            bytes.addAndGet(-size);
            events.addAndGet(-count);
            return false;
        }
        return true;
    }

    private void release(ProducerRecord<byte[], byte[]> record) {
        events.decrementAndGet();
        bytes.addAndGet(-length(record));
    }

    static long length(ProducerRecord<byte[], byte[]> record) {
        return record.value() == null ? 0 : record.value().length;
    }

    private void dispatch() {
        while (!Thread.currentThread().isInterrupted()) {
            ProducerRecord<byte[], byte[]> record;
            try {
                record = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            send(record);
        }
    }

    private void send(ProducerRecord<byte[], byte[]> record) {
        try {
            producer.send(record, (metadata, failure) -> {
                if (failure == null) {
                    release(record);
                } else if (failure instanceof RetriableException && !closing) {
                    // The producer retries by itself until delivery.timeout.ms (unbounded here); a retriable failure
                    // that still reaches us (metadata not available within max.block.ms) goes round again.
                    metrics.kafkaFailure(failure);
                    queue.add(record);
                } else {
                    metrics.kafkaFailure(failure);
                    metrics.lost(1);
                    LOG.error(
                            "Kafka refused an accepted event for {} ({}); it is lost: {}",
                            record.topic(),
                            failure.getClass().getSimpleName(),
                            failure.getMessage());
                    release(record);
                }
            });
        } catch (RuntimeException e) {
            // Producer closed (shutdown) or an illegal state: counted and logged, never silent.
            metrics.kafkaFailure(e);
            metrics.lost(1);
            LOG.error("An accepted event for {} cannot be sent; it is lost: {}", record.topic(), e.getMessage());
            release(record);
        }
    }

    @Override
    public long bufferedEvents() {
        return events.get();
    }

    @Override
    public long bufferedBytes() {
        return bytes.get();
    }

    @Override
    public boolean hasRoom() {
        // Not ready from 90 %: a load balancer sends the next requests to instances with room, before this one
        // has to refuse them.
        return events.get() < maxEvents * 0.9 && bytes.get() < maxBytes * 0.9;
    }

    @Override
    public void close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.get() > 0 && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closing = true;
        dispatcher.interrupt();
        long left = events.get();
        producer.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (left > 0) {
            metrics.lost(left);
            LOG.error(
                    "Stopped with {} accepted events that Kafka had not acknowledged within the shutdown timeout;"
                            + " they are lost",
                    left);
        }
    }
}
