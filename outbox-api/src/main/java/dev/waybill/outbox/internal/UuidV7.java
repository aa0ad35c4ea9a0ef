package dev.waybill.outbox.internal;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Time-ordered UUIDs (RFC 9562 version 7). Within one generator ids strictly increase, also across threads and
 * within a millisecond: the 12 {@code rand_a} bits hold a counter (RFC 9562 section 6.2, method 1). If more than
 * 4096 ids are asked for in one millisecond, the timestamp runs ahead of the clock until the clock catches up,
 * which keeps ids ordered without ever blocking. The 62 {@code rand_b} bits are random, so ids from different
 * processes do not collide.
 */
public final class UuidV7 {

    private static final UuidV7 SHARED = new UuidV7(System::currentTimeMillis);
    private static final int COUNTER_BITS = 12;

    private final LongSupplier clock;
    // SecureRandom per id would serialize writers on one lock and cost microseconds; a per-thread generator seeded
    // from SecureRandom keeps ids of different processes apart at a fraction of the cost. (Ids are unique, not
    // secret: nothing may rely on them being unguessable.)
    private static final SecureRandom SEEDS = new SecureRandom();
    private static final ThreadLocal<SplittableRandom> RANDOM =
            ThreadLocal.withInitial(() -> new SplittableRandom(SEEDS.nextLong()));
    // The last id's 48-bit timestamp and 12-bit counter, as one number so one CAS moves both.
    private final AtomicLong last = new AtomicLong();

    UuidV7(LongSupplier clock) {
        this.clock = clock;
    }

    public static UUID next() {
        return SHARED.generate();
    }

    UUID generate() {
        long stamp = nextStamp();
        long timestamp = stamp >>> COUNTER_BITS;
        long counter = stamp & ((1L << COUNTER_BITS) - 1);
        long mostSignificant = (timestamp << 16) | (0x7L << 12) | counter;
        long leastSignificant = (RANDOM.get().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(mostSignificant, leastSignificant);
    }

    private long nextStamp() {
        long now = clock.getAsLong() << COUNTER_BITS;
        while (true) {
            long previous = last.get();
            long candidate = Math.max(now, previous + 1);
            if (last.compareAndSet(previous, candidate)) {
                return candidate;
            }
        }
    }

    /** The millisecond timestamp a version 7 UUID carries. */
    public static long timestampMillis(UUID uuid) {
        if (uuid.version() != 7) {
            throw new IllegalArgumentException(uuid + " is a version " + uuid.version() + " UUID, not version 7");
        }
        return uuid.getMostSignificantBits() >>> 16;
    }
}
