package dev.waybill.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class UuidV7Test {

    @Test
    void idsCarryVersion7VariantAndTheClockMillis() {
        UuidV7 generator = new UuidV7(() -> 1_764_150_000_123L);
        UUID id = generator.generate();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(UuidV7.timestampMillis(id)).isEqualTo(1_764_150_000_123L);
    }

    @Test
    void idsStrictlyIncreaseWithinOneMillisecondAndPastTheCounter() {
        UuidV7 generator = new UuidV7(() -> 1_000L);
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(generator.generate());
        }
        assertThat(ids).isSortedAccordingTo(UuidV7Test::unsigned).doesNotHaveDuplicates();
        // 10,000 ids overflow the 4,096-value counter: the timestamp runs ahead rather than repeating.
        assertThat(UuidV7.timestampMillis(ids.get(ids.size() - 1))).isEqualTo(1_002L);
    }

    @Test
    void idsStayOrderedWhenTheClockGoesBack() {
        long[] now = {5_000L};
        UuidV7 generator = new UuidV7(() -> now[0]);
        UUID first = generator.generate();
        now[0] = 4_000L;
        UUID second = generator.generate();
        assertThat(unsigned(first, second)).isNegative();
    }

    @Test
    void concurrentCallersGetUniqueIds() throws Exception {
        Set<UUID> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        ids.add(UuidV7.next());
                    }
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(ids).hasSize(160_000);
    }

    @Test
    void stringFormSortsLikeTheBits() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(UuidV7.next());
        }
        List<String> strings = new ArrayList<>(ids.stream().map(UUID::toString).toList());
        Collections.sort(strings);
        assertThat(strings).isEqualTo(ids.stream().map(UUID::toString).toList());
    }

    // UUID.compareTo compares signed longs; PostgreSQL and the string form compare unsigned.
    static int unsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
