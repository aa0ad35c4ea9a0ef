package dev.waybill.relay.internal;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.outbox.WaybillException;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelayRole;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This relay's part in its stream: standby until it holds the stream's lock ({@link Leadership}), then active, with a
 * {@link Capture} of its own once the previous active relay's replication connection is gone. Losing the lock ends
 * the capture at once and makes the relay a standby again.
 */
final class StreamRole {

    private static final Logger LOG = LoggerFactory.getLogger(StreamRole.class);
    private static final Duration SLOT_POLL = Duration.ofMillis(100);

    private final RelayConfig config;
    private final DataSource database;
    private final RelayMetrics metrics;
    private final Supplier<ContractCatalog> catalog;
    private final Consumer<WaybillException> failed;
    private final Leadership leadership;
    private final ScheduledExecutorService ticks =
            Executors.newSingleThreadScheduledExecutor(RelayRuntime.named("waybill-leadership"));
    private final ExecutorService activations =
            Executors.newSingleThreadExecutor(RelayRuntime.named("waybill-activation"));
    private volatile RelayRole role;
    private volatile Capture capture;
    private volatile CompletableFuture<Void> activation = CompletableFuture.completedFuture(null);
    private CompletableFuture<Void> previousStopped = CompletableFuture.completedFuture(null);

    StreamRole(
            RelayConfig config,
            DataSource database,
            RelayMetrics metrics,
            Supplier<ContractCatalog> catalog,
            Consumer<WaybillException> failed) {
        this.config = config;
        this.database = database;
        this.metrics = metrics;
        this.catalog = catalog;
        this.failed = failed;
        this.leadership = new Leadership(
                new StandbyLock(lockDatabase(config), config.database().slot()), new Roles(), System::nanoTime);
    }

    /**
     * Tries the lock once and, when this relay gets it, activates before returning: a relay alone on its stream
     * starts as before, and what stops an activation (a lost slot, an unreadable outbox) stops the start-up with its
     * message. Then keeps trying, or checking, every {@link Leadership#INTERVAL}.
     */
    void start() {
        leadership.tick();
        if (!leadership.active()) {
            role(RelayRole.STANDBY);
        }
        long interval = Leadership.INTERVAL.toMillis();
        ticks.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
        try {
            activation.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private void tick() {
        try {
            leadership.tick();
        } catch (RuntimeException e) {
            // A scheduled task that throws never runs again: this one must, or the relay stops taking part.
            LOG.warn("The relay's lock check failed; it runs again in {} ms", Leadership.INTERVAL.toMillis(), e);
        }
    }

    private final class Roles implements Leadership.Listener {
        @Override
        public void acquired() {
            role(RelayRole.ACTIVE);
            activation = CompletableFuture.runAsync(StreamRole.this::activate, activations);
        }

        @Override
        public void lost(String why) {
            Capture term;
            synchronized (StreamRole.this) {
                term = capture;
                capture = null;
            }
            if (term != null) {
                term.abandon();
                previousStopped = term.stopped();
            }
            LOG.warn(
                    "Relay '{}' ({}) lost its stream's lock ({}); it stopped publishing",
                    config.relay().name(),
                    config.relay().instance(),
                    why);
            role(RelayRole.STANDBY);
        }

        @Override
        public void unreachable(String why) {
            LOG.warn(
                    "Relay '{}' ({}) cannot reach the database to take part in its stream ({}); it keeps trying",
                    config.relay().name(),
                    config.relay().instance(),
                    why);
        }
    }

    /** On its own thread: waits for the slot to be free, then starts capturing; gives up if the lock goes. */
    private void activate() {
        try {
            previousStopped.join();
            if (!awaitSlotReleased()) {
                return;
            }
            SlotGuard.SlotState slot;
            try (Connection connection = database.getConnection()) {
                slot = SlotGuard.check(connection, config);
            }
            Capture next = new Capture(config, catalog, metrics, leadership::awaitLease);
            synchronized (this) {
                if (!leadership.active()) {
                    next.abandon();
                    return;
                }
                capture = next;
            }
            next.start(database, slot, failed);
        } catch (SQLException e) {
            LOG.warn(
                    "Relay '{}' cannot read its slot's state ({}); it gives up the lock",
                    config.relay().name(),
                    e.getMessage());
            leadership.resign("cannot read the slot's state");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (leadership.active()) {
                throw e; // a set-up problem (lost slot, unreadable outbox): the relay stops and says what to fix
            }
            // Otherwise the lock went while activating (the backfill's producer was closed): nothing to report.
        }
    }

    /** Whether the slot is free; waits while another relay's replication connection holds it and the lock is ours. */
    private boolean awaitSlotReleased() throws SQLException, InterruptedException {
        boolean said = false;
        while (leadership.active()) {
            Integer holder = slotHolder();
            if (holder == null) {
                return true;
            }
            if (!said) {
                LOG.info(
                        "Relay '{}' waits for PostgreSQL to release slot '{}' (PID {}, the previous active relay)",
                        config.relay().name(),
                        config.database().slot(),
                        holder);
                said = true;
            }
            Thread.sleep(SLOT_POLL.toMillis());
        }
        return false;
    }

    private Integer slotHolder() throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT active_pid FROM pg_replication_slots WHERE slot_name = ? AND active")) {
            statement.setString(1, config.database().slot());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getInt(1) : null;
            }
        }
    }

    private void role(RelayRole now) {
        if (now != role) {
            role = now;
            metrics.role(now);
            LOG.info(
                    "Relay '{}' ({}) is {}",
                    config.relay().name(),
                    config.relay().instance(),
                    now.value());
        }
    }

    RelayRole role() {
        return role;
    }

    /** Active, and Debezium's task is running. */
    boolean capturing() {
        Capture current = capture;
        return current != null && current.running();
    }

    /**
     * Ends the relay's part: no more tries, the capture stops gracefully within {@code timeout} (its position stored),
     * and only then is the lock released, so the next active relay starts after this one's last record.
     */
    void close(Duration timeout) {
        ticks.shutdownNow();
        activations.shutdownNow();
        try {
            ticks.awaitTermination(StandbyLock.NETWORK_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Capture term;
        synchronized (this) {
            term = capture;
            capture = null;
        }
        if (term != null) {
            term.close(timeout);
        }
        leadership.close();
    }

    private static DataSource lockDatabase(RelayConfig config) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setUrl(config.database().url());
        if (config.database().user() != null) {
            source.setUser(config.database().user());
        }
        if (config.database().password().isPresent()) {
            source.setPassword(config.database().password().value());
        }
        source.setApplicationName("waybill-relay-lock");
        // A standby retries every interval: an unreachable database must not hold its thread for long.
        source.setConnectTimeout(2);
        source.setLoginTimeout(3);
        return source;
    }
}
