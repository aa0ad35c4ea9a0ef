package dev.waybill.collector.internal;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-producer rate limits, in events: a Bucket4j token bucket per producer (per instance; a load balancer spreading
 * a producer over n instances gives it n times the rate).
 */
public final class RateLimits {

    private final long perSecond;
    private final long burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimits(long perSecond, long burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** @throws ApiException 429 when the producer is over its rate */
    public void take(String producer, int events) {
        if (perSecond == 0) {
            return;
        }
        if (events > burst) {
            throw new ApiException(
                    429,
                    "rate-limited",
                    "a request of " + events + " events is more than a producer may send at once (" + burst
                            + "): send smaller batches",
                    Map.of("retryAfterSeconds", 1, "limit", burst));
        }
        Bucket bucket = buckets.computeIfAbsent(
                producer,
                name -> Bucket.builder()
                        .addLimit(limit -> limit.capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)))
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(events);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new ApiException(
                    429,
                    "rate-limited",
                    "producer " + producer + " is over its rate of " + perSecond + " events per second",
                    Map.of("retryAfterSeconds", seconds, "limit", perSecond));
        }
    }
}
