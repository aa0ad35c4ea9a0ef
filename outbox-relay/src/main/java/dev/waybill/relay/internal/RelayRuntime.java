package dev.waybill.relay.internal;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.outbox.WaybillException;
import dev.waybill.relay.ConfigurationException;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelayRole;
import dev.waybill.routing.EventRouter;
import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.connect.source.SourceRecord;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running relay: Debezium engine, Kafka producer, contract catalog, health endpoints and housekeeping. */
public final class RelayRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayRuntime.class);
    // Readiness is only as fresh as this check: often enough that "ready" follows streaming within a moment.
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);

    private final RelayConfig config;
    private final RelayMetrics metrics;
    private final PGSimpleDataSource database = new PGSimpleDataSource();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final ExecutorService engineThread = Executors.newSingleThreadExecutor(named("waybill-engine"));
    private final ScheduledExecutorService housekeeping =
            Executors.newSingleThreadScheduledExecutor(named("waybill-housekeeping"));
    private ContractSource contracts;
    private Producer<byte[], byte[]> producer;
    private Admin admin;
    private HttpEndpoints http;
    private DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
    private volatile boolean taskRunning;
    private volatile boolean slotActive;
    private volatile long slotLagBytes = -1;
    private volatile boolean kafkaReachable;
    private volatile boolean closing;
    private volatile WaybillException failure;

    private volatile RelayRole role = RelayRole.STANDBY;

    private RelayRuntime(RelayConfig config) {
        this.config = config;
        this.metrics = new RelayMetrics(config.relay().name());
    }

    /**
     * Checks everything it can before streaming (database, outbox, publication, slot, contracts), then starts.
     *
     * @throws ConfigurationException when something must be fixed first; the message says what
     */
    public static RelayRuntime start(RelayConfig config) {
        RelayRuntime runtime = new RelayRuntime(config);
        try {
            runtime.startAll();
            return runtime;
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
    }

    private void startAll() {
        database.setUrl(config.database().url());
        if (config.database().user() != null) {
            database.setUser(config.database().user());
        }
        if (config.database().password().isPresent()) {
            database.setPassword(config.database().password().value());
        }
        database.setApplicationName("waybill-relay");
        database.setConnectTimeout(10);
        SlotGuard.SlotState slot;
        try (Connection connection = database.getConnection()) {
            slot = SlotGuard.check(connection, config);
        } catch (SQLException e) {
            throw new ConfigurationException(
                    "Cannot use the outbox database at " + config.database().url() + " as "
                            + config.database().user() + ": " + e.getMessage()
                            + " (check database.url, database.user and "
                            + "WAYBILL_DATABASE_PASSWORD / database.password-file)",
                    e);
        }
        contracts = new ContractSource(config, database, metrics);
        LOG.info("Contracts loaded: {}", contracts.load());

        producer = KafkaClients.producer(config);
        admin = KafkaClients.admin(config);
        kafkaReachable = KafkaClients.checkAccess(admin, config);
        try {
            http = new HttpEndpoints(
                    config.http().host(),
                    config.http().port(),
                    this::live,
                    this::readiness,
                    () -> new RoleReport(
                            role, config.relay().name(), config.relay().instance()),
                    metrics::scrape);
        } catch (IOException e) {
            throw new ConfigurationException(
                    "Cannot listen on " + config.http().host() + ":"
                            + config.http().port() + " for health and metrics: " + e.getMessage() + " (set http.port)",
                    e);
        }

        EventRouter router = EventRouter.builder()
                .catalog(contracts::current)
                .deadLetterTopic(config.kafka().deadLetterTopic())
                .source(config.kafka().source())
                .instance(config.relay().instance())
                .build();
        OutboxConsumer consumer = new OutboxConsumer(producer, router, metrics, Clock.systemUTC());
        Properties engineProperties = EngineProperties.of(config);
        if (slot == SlotGuard.SlotState.WITHOUT_POSITION) {
            // Stream from the slot itself, never from a new snapshot's position (see Backfill).
            engineProperties.setProperty("snapshot.mode", "no_data");
            if (config.capture().snapshot() == RelayConfig.Snapshot.INITIAL) {
                backfill(consumer);
            }
        }
        engine = DebeziumEngine.create(ChangeEventFormat.of(Connect.class))
                .using(engineProperties)
                .using(new DebeziumEngine.ConnectorCallback() {
                    @Override
                    public void taskStarted() {
                        taskRunning = true;
                    }

                    @Override
                    public void taskStopped() {
                        taskRunning = false;
                    }
                })
                .using((success, message, error) -> {
                    taskRunning = false;
                    if (!closing && (!success || error != null)) {
                        failure = RelayFailure.explain(message, error);
                        LOG.error("The capture engine stopped: {}", failure.getMessage(), error);
                    }
                    terminated.complete(null);
                })
                .notifying(consumer)
                .build();
        engineThread.execute(engine);
        role(RelayRole.ACTIVE);

        every(CHECK_INTERVAL.toMillis(), 0, "health check", this::checkHealth);
        long reload = config.contracts().reloadInterval().toMillis();
        every(reload, reload, "contract reload", contracts::reloadIfChanged);
        if (config.retention().mode() == RelayConfig.RetentionMode.DELETE_AFTER) {
            Retention retention = new Retention(database, config);
            long every = config.retention().interval().toMillis();
            every(every, every, "retention", () -> {
                try {
                    long deleted = retention.run(java.time.Instant.now());
                    if (deleted > 0) {
                        LOG.info(
                                "Retention removed {} outbox rows older than {}",
                                deleted,
                                config.retention().keep());
                    }
                } catch (SQLException e) {
                    LOG.warn("Retention could not remove old outbox rows: {}", e.getMessage());
                }
            });
        }
        LOG.info(
                "Relay '{}' started: {} -> {}; health and metrics on port {}",
                config.relay().name(),
                config.database().outbox(),
                config.kafka().bootstrapServers(),
                http.port());
    }

    private void backfill(OutboxConsumer consumer) {
        LOG.info(
                "Slot '{}' exists but relay '{}' has no stored position (a first start that stopped early): "
                        + "publishing the rows of {} before streaming",
                config.database().slot(),
                config.relay().name(),
                config.database().outbox());
        try {
            LOG.info("Published {} outbox rows; streaming from the slot", Backfill.run(database, config, consumer));
        } catch (SQLException e) {
            throw new ConfigurationException(
                    "Cannot read the outbox table " + config.database().outbox() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaybillException("Interrupted while publishing the outbox table's rows", e);
        }
    }

    /** Runs {@code task} periodically; an exception is logged and the next run happens anyway. */
    private void every(long periodMillis, long initialDelayMillis, String name, Runnable task) {
        housekeeping.scheduleWithFixedDelay(
                () -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        // A scheduled task that throws is never run again: keep housekeeping alive, and say what
                        // failed.
                        LOG.warn("The relay's {} failed; it runs again in {} ms", name, periodMillis, e);
                    }
                },
                initialDelayMillis,
                periodMillis,
                TimeUnit.MILLISECONDS);
    }

    private void checkHealth() {
        boolean reachable = KafkaClients.answers(admin, config.kafka().readinessTimeout());
        if (kafkaReachable && !reachable) {
            LOG.warn("Kafka at {} is not reachable", config.kafka().bootstrapServers());
        }
        kafkaReachable = reachable;
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT active, pg_wal_lsn_diff("
                        + "pg_current_wal_lsn(), confirmed_flush_lsn)::bigint FROM pg_replication_slots "
                        + "WHERE slot_name = ?")) {
            statement.setString(1, config.database().slot());
            try (ResultSet rs = statement.executeQuery()) {
                boolean exists = rs.next();
                slotActive = exists && rs.getBoolean(1);
                slotLagBytes = exists ? rs.getLong(2) : -1;
                metrics.slotLag(slotLagBytes);
            }
        } catch (SQLException e) {
            slotActive = false;
            slotLagBytes = -1;
            LOG.warn("Cannot read the replication slot's state: {}", e.getMessage());
        }
        metrics.ready(ready());
    }

    public boolean live() {
        return failure == null && !terminated.isDone();
    }

    public boolean ready() {
        return readiness().ready();
    }

    /** Each condition of readiness with its live figures, as {@code /health/ready} reports them. */
    Readiness readiness() {
        ContractCatalog catalog = contracts == null ? null : contracts.current();
        return new Readiness(
                live(),
                taskRunning,
                config.database().slot(),
                slotActive,
                slotLagBytes,
                config.kafka().bootstrapServers(),
                kafkaReachable,
                catalog == null ? -1 : catalog.size());
    }

    /** Whether this relay captures and publishes, or waits on standby. */
    public RelayRole role() {
        return role;
    }

    private void role(RelayRole now) {
        role = now;
        metrics.role(now);
        LOG.info("Relay '{}' ({}) is {}", config.relay().name(), config.relay().instance(), now.value());
    }

    public int httpPort() {
        return http.port();
    }

    public RelayMetrics metrics() {
        return metrics;
    }

    /** Completes when the engine stopped, by {@link #close()} or by a failure ({@link #failure()}). */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    public WaybillException failure() {
        return failure;
    }

    /**
     * Stops capture (the engine finishes its batch and stores its offsets), then the producer and endpoints, within
     * {@code relay.shutdown-timeout}. If Kafka is away and the batch cannot finish in time, the producer is closed
     * at once: the batch fails, its offsets are not stored, and the next start publishes it again.
     */
    @Override
    public void close() {
        closing = true;
        long deadline = System.nanoTime() + config.relay().shutdownTimeout().toNanos();
        housekeeping.shutdownNow();
        if (engine != null) {
            Thread stopper = new Thread(
                    () -> {
                        try {
                            engine.close();
                        } catch (IOException e) {
                            LOG.warn("The capture engine did not stop cleanly: {}", e.getMessage());
                        }
                    },
                    "waybill-engine-stop");
            stopper.start();
            join(stopper, (long) (remaining(deadline) * 0.7));
            if (stopper.isAlive() && producer != null) {
                LOG.warn("The batch in flight cannot be acknowledged in time; it will be published again after the "
                        + "restart");
                producer.close(Duration.ZERO);
            }
            join(stopper, remaining(deadline));
        }
        engineThread.shutdown();
        try {
            engineThread.awaitTermination(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(Duration.ofNanos(remaining(deadline)));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
        if (http != null) {
            http.close();
        }
        terminated.complete(null);
    }

    private static void join(Thread thread, long nanos) {
        try {
            thread.join(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
