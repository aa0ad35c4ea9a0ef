package dev.waybill.relay.internal;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.outbox.WaybillException;
import dev.waybill.relay.ConfigurationException;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelayRole;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running relay: contract catalog, health endpoints and housekeeping, and its part in the stream ({@link
 * StreamRole}): standby, or active with the Debezium engine and the Kafka producer.
 */
public final class RelayRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RelayRuntime.class);
    // Readiness is only as fresh as this check: often enough that "ready" follows streaming within a moment.
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(500);

    private final RelayConfig config;
    private final RelayMetrics metrics;
    private final PGSimpleDataSource database = new PGSimpleDataSource();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final ScheduledExecutorService housekeeping =
            Executors.newSingleThreadScheduledExecutor(named("waybill-housekeeping"));
    private ContractSource contracts;
    private Admin admin;
    private HttpEndpoints http;
    private StreamRole stream;
    private volatile boolean slotActive;
    private volatile boolean slotReadable = true;
    private volatile long slotLagBytes = -1;
    private volatile boolean kafkaReachable;
    private volatile WaybillException failure;

    private RelayRuntime(RelayConfig config, MeterRegistry application) {
        this.config = config;
        this.metrics = new RelayMetrics(config.relay().name(), application);
    }

    /**
     * Checks everything it can before streaming (database, outbox, publication, slot, contracts), then starts.
     *
     * @throws ConfigurationException when something must be fixed first; the message says what
     */
    public static RelayRuntime start(RelayConfig config) {
        return start(config, null);
    }

    /** As {@link #start(RelayConfig)}, the relay's meters also in {@code application} (when not {@code null}). */
    public static RelayRuntime start(RelayConfig config, MeterRegistry application) {
        RelayRuntime runtime = new RelayRuntime(config, application);
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
        // Every relay checks the set-up, standbys too: a broken one is reported at start, not at the take-over.
        try (Connection connection = database.getConnection()) {
            SlotGuard.check(connection, config);
        } catch (SQLException e) {
            throw new ConfigurationException(
                    "Cannot use the outbox database at " + config.database().url() + " as "
                            + (config.database().user() == null
                                    ? "the URL's user"
                                    : config.database().user())
                            + ": " + e.getMessage()
                            + " (check database.url, database.user and "
                            + "WAYBILL_DATABASE_PASSWORD / database.password-file)",
                    e);
        }
        contracts = new ContractSource(config, database, metrics);
        LOG.info("Contracts loaded: {}", contracts.load());

        admin = KafkaClients.admin(config);
        kafkaReachable = KafkaClients.checkAccess(admin, config);
        try {
            http = !config.http().enabled()
                    ? null
                    : new HttpEndpoints(
                            config.http().host(),
                            config.http().port(),
                            this::live,
                            this::readiness,
                            () -> new RoleReport(
                                    role(),
                                    config.relay().name(),
                                    config.relay().instance()),
                            metrics::scrape,
                            new ShadowEndpoint(metrics.shadows(), config.relay().name()));
        } catch (IOException e) {
            throw new ConfigurationException(
                    "Cannot listen on " + config.http().host() + ":"
                            + config.http().port() + " for health and metrics: " + e.getMessage() + " (set http.port)",
                    e);
        }

        stream = new StreamRole(config, database, metrics, contracts::current, this::failed);
        stream.start();

        every(CHECK_INTERVAL.toMillis(), 0, "health check", this::checkHealth);
        long reload = config.contracts().reloadInterval().toMillis();
        every(reload, reload, "contract reload", contracts::reloadIfChanged);
        if (config.retention().mode() == RelayConfig.RetentionMode.DELETE_AFTER) {
            Retention retention = new Retention(database, config);
            long every = config.retention().interval().toMillis();
            every(every, every, "retention", () -> {
                if (role() != RelayRole.ACTIVE) {
                    return; // a standby never deletes: the active relay owns the stream's housekeeping
                }
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
                "Relay '{}' started: {} -> {}; {}",
                config.relay().name(),
                config.database().outbox(),
                config.kafka().bootstrapServers(),
                http == null ? "no HTTP endpoints (http.enabled: false)" : "health and metrics on port " + http.port());
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
            slotReadable = true;
        } catch (SQLException e) {
            slotActive = false;
            slotLagBytes = -1;
            if (slotReadable) {
                slotReadable = false;
                LOG.warn("Cannot read the replication slot's state: {}", e.getMessage());
            }
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
                role(),
                live(),
                stream != null && stream.capturing(),
                config.database().slot(),
                slotActive,
                slotLagBytes,
                config.kafka().bootstrapServers(),
                kafkaReachable,
                catalog == null ? -1 : catalog.size());
    }

    /** Whether this relay captures and publishes, or waits on standby. */
    public RelayRole role() {
        StreamRole current = stream;
        return current == null || current.role() == null ? RelayRole.STANDBY : current.role();
    }

    /** An active term's engine stopped by itself: the relay stops (and releases the lock to a standby). */
    private void failed(WaybillException problem) {
        failure = problem;
        terminated.complete(null);
    }

    /** The endpoints' port, or -1 with {@code http.enabled: false}. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    public RelayMetrics metrics() {
        return metrics;
    }

    /** Completes when the relay stopped: by {@link #close()}, or because its engine failed ({@link #failure()}). */
    public CompletableFuture<Void> terminated() {
        return terminated;
    }

    public WaybillException failure() {
        return failure;
    }

    /**
     * Stops capture (the engine finishes its batch and stores its offsets), then the producer and endpoints, within
     * {@code relay.shutdown-timeout}, and only then releases the stream's lock to a standby. If Kafka is away and the
     * batch cannot finish in time, the producer is closed at once: the batch fails, its offsets are not stored, and
     * the next active relay publishes it again.
     */
    @Override
    public void close() {
        housekeeping.shutdownNow();
        if (stream != null) {
            stream.close(config.relay().shutdownTimeout());
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(1));
        }
        if (http != null) {
            http.close();
        }
        metrics.close();
        terminated.complete(null);
    }

    static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
