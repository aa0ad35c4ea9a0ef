package dev.waybill.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The most frequent keys of a stream in bounded memory (the Space-Saving algorithm): at most {@code capacity} keys
 * are kept. While fewer distinct keys arrived, every count is exact; after, a new key takes the place of the least
 * counted one and inherits its count, so a frequent key is never lost, and a count is too high by at most the
 * smallest count. A hostile stream of ever new keys (array indexes, unknown property names) cannot grow it.
 */
final class TopCounts {

    private final int capacity;
    private final Map<String, long[]> counts = new HashMap<>();
    private boolean exact = true;

    TopCounts(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(String key) {
        long[] count = counts.get(key);
        if (count != null) {
            count[0]++;
            return;
        }
        if (counts.size() < capacity) {
            counts.put(key, new long[] {1});
            return;
        }
        // Linear in capacity: only for a key not kept while full, a failure path with a small capacity.
        Map.Entry<String, long[]> least = counts.entrySet().stream()
                .min(Comparator.comparingLong(entry -> entry.getValue()[0]))
                .orElseThrow();
        long inherited = least.getValue()[0];
        counts.remove(least.getKey());
        counts.put(key, new long[] {inherited + 1});
        exact = false;
    }

    /** The {@code limit} largest counts, largest first (ties by key). */
    synchronized List<ShadowReport.PointerCount> top(int limit) {
        List<ShadowReport.PointerCount> all = new ArrayList<>();
        counts.forEach((key, count) -> all.add(new ShadowReport.PointerCount(key, count[0])));
        all.sort(Comparator.comparingLong(ShadowReport.PointerCount::count)
                .reversed()
                .thenComparing(ShadowReport.PointerCount::pointer));
        return all.size() > limit ? List.copyOf(all.subList(0, limit)) : all;
    }

    synchronized boolean exact() {
        return exact;
    }
}
