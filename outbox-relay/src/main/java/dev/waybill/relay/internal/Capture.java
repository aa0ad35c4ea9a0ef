package dev.waybill.relay.internal;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.outbox.WaybillException;
import dev.waybill.relay.ConfigurationException;
import dev.waybill.relay.RelayConfig;
import dev.waybill.routing.EventRouter;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One term as the active relay: a producer of its own, the backfill when the slot has no stored position, and the
 * Debezium engine. It ends either gracefully ({@link #close}: the batch in flight finishes and its position is stored)
 * or at once ({@link #abandon}: the lock is lost, nothing more may reach Kafka from here).
 */
final class Capture {

    private static final Logger LOG = LoggerFactory.getLogger(Capture.class);

    private final RelayConfig config;
    private final Producer<byte[], byte[]> producer;
    private final OutboxConsumer consumer;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile boolean running;
    private volatile boolean ending;

    /** {@code lease} says whether the relay may publish now ({@link Leadership#awaitLease}). */
    Capture(RelayConfig config, Supplier<ContractCatalog> catalog, RelayMetrics metrics, Lease lease) {
        this.config = config;
        this.producer = KafkaClients.producer(config);
        EventRouter router = EventRouter.builder()
                .catalog(catalog)
                .deadLetterTopic(config.kafka().deadLetterTopic())
                .source(config.kafka().source())
                .instance(config.relay().instance())
                .shadows(metrics::shadowChecked)
                .build();
        this.consumer = new OutboxConsumer(
                dev.waybill.capture.ChangeEvents.of(config.database().outbox()),
                producer,
                router,
                metrics,
                Clock.systemUTC(),
                new OutboxConsumer.Fence() {
                    @Override
                    public boolean awaitPermission() throws InterruptedException {
                        return !ending && lease.await();
                    }

                    @Override
                    public boolean ended() {
                        return ending;
                    }
                });
    }

    /** Whether the relay holds its stream's lock with a valid lease, waiting for the next check while it is due. */
    @FunctionalInterface
    interface Lease {
        boolean await() throws InterruptedException;
    }

    /**
     * Publishes the backlog if the slot has no stored position, then starts the engine on a thread of its own.
     * {@code failed} hears of an engine that stops by itself while this term is not ending.
     */
    void start(DataSource database, SlotGuard.SlotState slot, Consumer<WaybillException> failed)
            throws InterruptedException {
        // Backfill first: it is long, and an abandoned term makes it fail at once (its producer is closed).
        Properties engineProperties = EngineProperties.of(config);
        if (slot == SlotGuard.SlotState.WITHOUT_POSITION) {
            // Stream from the slot itself, never from a new snapshot's position (see Backfill).
            engineProperties.setProperty("snapshot.mode", "no_data");
            if (config.capture().snapshot() == RelayConfig.Snapshot.INITIAL) {
                backfill(database);
            }
        }
        startEngine(engineProperties, failed);
    }

    private synchronized void startEngine(Properties engineProperties, Consumer<WaybillException> failed) {
        if (ending) {
            stopped.complete(null);
            return;
        }
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(engineProperties)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        running = true;
                    }

                    @Override
                    public void taskStopped() {
                        running = false;
                    }
                })
                .using((success, message, error) -> {
                    running = false;
                    if (!ending && (!success || error != null)) {
                        WaybillException failure = RelayFailure.explain(message, error);
                        LOG.error("The capture engine stopped: {}", failure.getMessage(), error);
                        failed.accept(failure);
                    }
                    stopped.complete(null);
                })
                .notifying(consumer)
                .build();
        Thread thread = new Thread(engine, "waybill-engine");
        thread.setDaemon(true);
        thread.start();
    }

    private void backfill(DataSource database) throws InterruptedException {
        LOG.info(
                "Slot '{}' exists but relay '{}' has no stored position (a first start that stopped early): "
                        + "publishing the rows of {} before streaming",
                config.database().slot(),
                config.relay().name(),
                config.database().outbox());
        try {
            long published = Backfill.run(database, config, consumer);
            if (!ending) {
                LOG.info("Published {} outbox rows; streaming from the slot", published);
            }
        } catch (SQLException e) {
            throw new ConfigurationException(
                    "Cannot read the outbox table " + config.database().outbox() + ": " + e.getMessage(), e);
        }
    }

    /** Debezium's task is running. */
    boolean running() {
        return running;
    }

    /**
     * The lock is lost: closes the producer at once, without waiting for acknowledgements (what was not acknowledged
     * was not stored either, and the next active relay publishes it), then stops the engine in the background.
     * Returns once nothing more leaves this producer; {@link #stopped()} completes when the engine is down and the
     * slot free.
     */
    synchronized void abandon() {
        ending = true;
        producer.close(Duration.ZERO);
        if (engine == null) {
            stopped.complete(null);
            return;
        }
        Thread stopper = new Thread(this::closeEngine, "waybill-engine-stop");
        stopper.setDaemon(true);
        stopper.start();
    }

    /**
     * Stops capture gracefully within {@code timeout}: the engine finishes its batch and stores its position. If Kafka
     * is away and the batch cannot finish in time, the producer is closed at once: the batch fails, its position is
     * not stored, and the next active relay publishes it again.
     */
    void close(Duration timeout) {
        synchronized (this) {
            ending = true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        if (engine != null) {
            Thread stopper = new Thread(this::closeEngine, "waybill-engine-stop");
            stopper.start();
            join(stopper, (long) (remaining(deadline) * 0.7));
            if (stopper.isAlive()) {
                LOG.warn("The batch in flight cannot be acknowledged in time; it will be published again after the "
                        + "restart");
                producer.close(Duration.ZERO);
            }
            join(stopper, remaining(deadline));
            try {
                stopped.get(remaining(deadline), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("The capture engine did not stop within relay.shutdown-timeout");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofNanos(remaining(deadline)));
        stopped.complete(null);
    }

    /** Completes when the engine has stopped (and with it the replication connection). */
    CompletableFuture<Void> stopped() {
        return stopped;
    }

    private void closeEngine() {
        try {
            engine.close();
        } catch (IOException e) {
            LOG.warn("The capture engine did not stop cleanly: {}", e.getMessage());
        }
    }

    private static void join(Thread thread, long nanos) {
        try {
            thread.join(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
