package dev.waybill.spring.boot.autoconfigure;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.WriteListener;
import dev.waybill.outbox.WriteMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code waybill.outbox.events} (a counter per contract and mode: events written, not yet committed) and {@code
 * waybill.outbox.write} (a timer per mode: one statement, however many events it wrote).
 */
final class WriteMeters implements WriteListener {

    static final String EVENTS = "waybill.outbox.events";
    static final String WRITE = "waybill.outbox.write";

    private final MeterRegistry registry;
    // Meters are looked up on every write: cache them by their tags rather than ask the registry each time.
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<WriteMode, Timer> timers = new ConcurrentHashMap<>();

    WriteMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void written(List<OutboxEvent> events, WriteMode mode, long nanos) {
        timers.computeIfAbsent(mode, this::timer).record(nanos, TimeUnit.NANOSECONDS);
        for (OutboxEvent event : events) {
            counters.computeIfAbsent(event.contract() + '\u0000' + mode, key -> counter(event.contract(), mode))
                    .increment();
        }
    }

    private Timer timer(WriteMode mode) {
        return Timer.builder(WRITE)
                .description("Outbox write statements: each writes one event or a batch in the caller's transaction")
                .tag("mode", name(mode))
                .register(registry);
    }

    private Counter counter(String contract, WriteMode mode) {
        return Counter.builder(EVENTS)
                .description("Events written to the outbox (written in a transaction, which may still roll back)")
                .tag("contract", contract)
                .tag("mode", name(mode))
                .register(registry);
    }

    private static String name(WriteMode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }
}
