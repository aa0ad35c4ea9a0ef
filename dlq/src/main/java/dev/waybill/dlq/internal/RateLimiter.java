package dev.waybill.dlq.internal;

import java.util.concurrent.locks.LockSupport;

/** Spaces out publishing to at most {@code rate} records a second, to spare the brokers a burst. */
final class RateLimiter {

    private final long intervalNanos;
    private long next = System.nanoTime();

    RateLimiter(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("rate must be positive: " + perSecond);
        }
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
    }

    /** Waits until the next record may go. */
    void acquire() {
        long now = System.nanoTime();
        while (next - now > 0) {
            LockSupport.parkNanos(next - now);
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return;
            }
            now = System.nanoTime();
        }
        next = Math.max(next, now - intervalNanos) + intervalNanos;
    }
}
