package dev.waybill.cli.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Marker;

/**
 * Lets a WARN line through once per {@link #setIntervalSeconds interval} for each logger and message pattern, and
 * drops its repeats in between. Libraries warn once per retry (Kafka's client every second while a broker is away),
 * so an outage would otherwise bury everything else; the first line says what happened, and the relay's readiness
 * and metrics say how long it lasts. ERROR lines always pass.
 */
public final class RepeatedWarningFilter extends TurboFilter {

    // Message patterns are few (they are the code's, not the arguments); a runaway set is simply forgotten.
    private static final int MAX_REMEMBERED = 1_000;

    private final Map<String, Long> lastLogged = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;
    private long intervalNanos = TimeUnit.MINUTES.toNanos(5);

    public RepeatedWarningFilter() {
        this(System::nanoTime);
    }

    RepeatedWarningFilter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    public void setIntervalSeconds(long seconds) {
        intervalNanos = TimeUnit.SECONDS.toNanos(seconds);
    }

    @Override
    public FilterReply decide(
            Marker marker, Logger logger, Level level, String format, Object[] params, Throwable throwable) {
        // format is null when a logger is only asked whether WARN is enabled: that is no line yet.
        if (level != Level.WARN || format == null) {
            return FilterReply.NEUTRAL;
        }
        if (lastLogged.size() > MAX_REMEMBERED) {
            lastLogged.clear();
        }
        long now = nanoTime.getAsLong();
        String key = logger.getName() + '\u0000' + format;
        Long previous = lastLogged.get(key);
        if (previous != null && now - previous < intervalNanos) {
            return FilterReply.DENY;
        }
        // Of threads logging the same line at once, only the one that records the time logs it.
        boolean recorded =
                previous == null ? lastLogged.putIfAbsent(key, now) == null : lastLogged.replace(key, previous, now);
        return recorded ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
