package dev.waybill.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeadershipTest {

    private final FakeLock lock = new FakeLock();
    private final List<String> heard = new ArrayList<>();
    private long now = 1_000_000_000L;
    private final Leadership leadership = new Leadership(
            lock,
            new Leadership.Listener() {
                @Override
                public void acquired() {
                    heard.add("acquired");
                }

                @Override
                public void lost(String why) {
                    // The producer is closed here: the session must still be open, so no one else has the lock yet.
                    heard.add("lost while session " + (lock.open ? "open" : "closed"));
                }

                @Override
                public void unreachable(String why) {
                    heard.add("unreachable");
                }
            },
            () -> now);

    @Test
    void standbyTriesQuietlyUntilTheLockIsFreeThenBecomesActiveOnce() {
        lock.free = false;
        for (int i = 0; i < 10; i++) {
            leadership.tick();
        }
        assertThat(leadership.active()).isFalse();
        assertThat(heard).isEmpty();

        lock.free = true;
        leadership.tick();
        leadership.tick();

        assertThat(leadership.active()).isTrue();
        assertThat(heard).containsExactly("acquired");
        assertThat(lock.acquisitions).isEqualTo(11);
    }

    @Test
    void failedCheckStopsPublishingBeforeTheSessionIsReleased() {
        leadership.tick();
        lock.answering = false;

        leadership.tick();

        assertThat(leadership.active()).isFalse();
        assertThat(leadership.leaseValid()).isFalse();
        assertThat(heard).containsExactly("acquired", "lost while session open");
        assertThat(lock.open).isFalse();
    }

    @Test
    void leaseEndsWithoutAnAnsweredCheckEvenIfTheCheckingThreadIsHeldUp() {
        leadership.tick();
        assertThat(leadership.leaseValid()).isTrue();

        now += Leadership.LEASE.toNanos();

        assertThat(leadership.active()).isTrue();
        assertThat(leadership.leaseValid()).isFalse();
        leadership.tick();
        assertThat(leadership.leaseValid()).isTrue();
    }

    @Test
    void leaseIsShorterThanTheServerKeepsASilentSession() {
        // The margin is the time to step down (closing the producer) plus a network round trip.
        assertThat(Leadership.LEASE.plusSeconds(1)).isLessThanOrEqualTo(StandbyLock.SERVER_RELEASE);
        assertThat(StandbyLock.NETWORK_TIMEOUT.plus(Leadership.INTERVAL)).isLessThan(Leadership.LEASE);
    }

    @Test
    void publishingRefusedOnceTheLockIsLost() throws InterruptedException {
        leadership.tick();
        lock.answering = false;
        leadership.tick();

        assertThat(leadership.awaitLease()).isFalse();
    }

    @Test
    void unreachableDatabaseIsReportedOncePerOutage() {
        lock.reachable = false;
        for (int i = 0; i < 5; i++) {
            leadership.tick();
        }
        lock.reachable = true;
        lock.free = false;
        leadership.tick();
        lock.reachable = false;
        leadership.tick();

        assertThat(heard).containsExactly("unreachable", "unreachable");
    }

    @Test
    void resignedLockCanBeTakenAgain() {
        leadership.tick();
        leadership.resign("cannot read the slot");
        leadership.tick();

        assertThat(heard).containsExactly("acquired", "lost while session open", "acquired");
    }

    private static final class FakeLock implements Leadership.Lock {
        boolean free = true;
        boolean answering = true;
        boolean reachable = true;
        boolean open;
        int acquisitions;

        @Override
        public boolean tryAcquire() throws SQLException {
            if (!reachable) {
                throw new SQLException("Connection refused");
            }
            open = true;
            acquisitions++;
            return free;
        }

        @Override
        public void confirm() throws SQLException {
            if (!answering) {
                throw new SQLException("Read timed out");
            }
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
