package dev.waybill.relay.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Which relay of a stream is active: the one whose database session holds the stream's lock. Every {@link #INTERVAL}
 * a standby tries to take the lock and the active relay proves, with one round trip, that its session (and so the
 * lock) still exists. The active relay may publish only within {@link #LEASE} of sending the last check that was
 * answered; PostgreSQL releases a silent peer's lock no sooner than {@link StandbyLock#SERVER_RELEASE} after the last
 * packet it received, so a relay cut off from the database has stopped publishing before another can take the lock.
 *
 * <p>Pure state: {@link #tick()} is one step, driven by the runtime's thread (and by tests with their own clock).
 */
final class Leadership {

    /** How often a standby tries the lock and the active relay checks it. */
    static final Duration INTERVAL = Duration.ofMillis(250);

    /**
     * How long after sending the last answered check the active relay may still publish. Strictly less than
     * {@link StandbyLock#SERVER_RELEASE} minus the time stepping down takes (closing the producer: milliseconds).
     */
    static final Duration LEASE = Duration.ofSeconds(2);

    /** The database side: a session that can hold the stream's lock. */
    interface Lock {
        /** Opens the session if needed and tries to take the lock: {@code false} while another session holds it. */
        boolean tryAcquire() throws SQLException;

        /** One round trip proving this session still holds the lock; throws when it does not or cannot answer. */
        void confirm() throws SQLException;

        /** Closes the session, which releases the lock; never throws. */
        void close();
    }

    /** What the runtime does when the role changes; called on the thread that calls {@link #tick()}. */
    interface Listener {
        void acquired();

        /** The lock is gone: stop publishing now, before another relay can take it. */
        void lost(String why);

        /** A standby cannot reach the database (said once per outage). */
        void unreachable(String why);
    }

    private final Lock lock;
    private final Listener listener;
    private final LongSupplier nanoTime;
    private volatile boolean active;
    private volatile long confirmedAt;
    private boolean reachable = true;

    Leadership(Lock lock, Listener listener, LongSupplier nanoTime) {
        this.lock = lock;
        this.listener = listener;
        this.nanoTime = nanoTime;
    }

    /** One step: a standby tries the lock, the active relay confirms it. */
    synchronized void tick() {
        long sent = nanoTime.getAsLong();
        if (!active) {
            boolean acquired;
            try {
                acquired = lock.tryAcquire();
            } catch (SQLException e) {
                lock.close();
                if (reachable) {
                    reachable = false;
                    listener.unreachable(e.getMessage());
                }
                return;
            }
            reachable = true;
            if (acquired) {
                confirmedAt = sent;
                active = true;
                listener.acquired();
            }
            return;
        }
        try {
            lock.confirm();
            confirmedAt = sent;
        } catch (SQLException e) {
            lose(e.getMessage());
        }
    }

    /** Gives the lock up (the active relay cannot stream); another relay, or this one, takes it next. */
    synchronized void resign(String why) {
        if (active) {
            lose(why);
        }
    }

    private void lose(String why) {
        // Refuse publishing first, then release: the listener stops the producer before any other relay can start.
        active = false;
        listener.lost(why);
        lock.close();
    }

    /** Holds the lock, as of the last check. */
    boolean active() {
        return active;
    }

    /** Holds the lock and the last answered check is recent enough to publish on. */
    boolean leaseValid() {
        return active && nanoTime.getAsLong() - confirmedAt < LEASE.toNanos();
    }

    /**
     * Whether publishing is allowed: {@code true} once the lease is valid (while it is not, because the checking
     * thread was held up, waits for the next answered check), {@code false} when the lock is lost meanwhile.
     */
    boolean awaitLease() throws InterruptedException {
        while (!leaseValid()) {
            if (!active) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** Releases the lock for good (the relay stops). */
    synchronized void close() {
        active = false;
        lock.close();
    }
}
