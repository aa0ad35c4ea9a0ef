package dev.waybill.collector.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;

/**
 * {@code kafka} mode: a request is accepted once Kafka acknowledged every one of its records ({@code acks=all},
 * idempotent producer). When that does not happen within {@code collector.ack-timeout} the request fails with 503
 * {@code kafka-unavailable}: nothing of it is acknowledged, and the client sends it again (with the same ids).
 */
final class KafkaAckSink implements EventSink {

    private final Producer<byte[], byte[]> producer;
    private final Duration ackTimeout;
    private final CollectorMetrics metrics;
    /** send() may wait for metadata while Kafka is away: never on an event loop. */
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "waybill-collector-send");
        thread.setDaemon(true);
        return thread;
    });

    KafkaAckSink(Producer<byte[], byte[]> producer, Duration ackTimeout, CollectorMetrics metrics) {
        this.producer = producer;
        this.ackTimeout = ackTimeout;
        this.metrics = metrics;
    }

    @Override
    public CompletableFuture<Void> write(List<ProducerRecord<byte[], byte[]>> records, long bytes) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        AtomicInteger pending = new AtomicInteger(records.size());
        sender.execute(() -> {
            if (System.nanoTime() > deadline) {
                acknowledged.completeExceptionally(unavailable("Kafka did not take the events in time"));
                return;
            }
            for (ProducerRecord<byte[], byte[]> record : records) {
                if (acknowledged.isDone()) {
                    return;
                }
                producer.send(record, (metadata, failure) -> {
                    if (failure != null) {
                        metrics.kafkaFailure(failure);
                        acknowledged.completeExceptionally(failure(failure));
                    } else if (pending.decrementAndGet() == 0) {
                        acknowledged.complete(null);
                    }
                });
            }
        });
        return acknowledged
                .orTimeout(ackTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(failure -> CompletableFuture.failedFuture(
                        failure instanceof TimeoutException
                                ? unavailable(
                                        "Kafka did not acknowledge the events within " + ackTimeout.toMillis() + " ms")
                                : failure));
    }

    private ApiException failure(Exception failure) {
        if (failure instanceof RetriableException
                || failure instanceof org.apache.kafka.common.errors.TimeoutException) {
            return unavailable("Kafka did not acknowledge the events: " + failure.getMessage());
        }
        return new ApiException(
                503,
                "kafka-refused",
                "Kafka refused the events: " + failure.getMessage() + ". Nothing of the request is acknowledged",
                Map.of("retryAfterSeconds", 5));
    }

    private static ApiException unavailable(String message) {
        return new ApiException(
                503,
                "kafka-unavailable",
                message + ". Nothing of the request is acknowledged: send it again, with the same ids",
                Map.of("retryAfterSeconds", 1));
    }

    @Override
    public long bufferedEvents() {
        return 0;
    }

    @Override
    public long bufferedBytes() {
        return 0;
    }

    @Override
    public boolean hasRoom() {
        return true;
    }

    @Override
    public void close(Duration timeout) {
        sender.shutdown();
        try {
            sender.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(timeout);
    }
}
