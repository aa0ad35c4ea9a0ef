package dev.waybill.spring.boot.autoconfigure;

import dev.waybill.relay.Relay;
import dev.waybill.relay.RelayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

/**
 * The in-process relay as part of the application context: started with it, stopped with it. Its phase is below the
 * web server's, so it starts before the server takes requests and stops after the server stopped taking them (and
 * finished those in flight): the events they wrote are published before the relay drains (the batch in flight
 * finishes, the position is stored, within {@code waybill.relay.shutdown-timeout}) and hands the stream to a standby.
 */
public class WaybillRelay implements SmartLifecycle, DisposableBean {

    /** Below the web server's graceful shutdown ({@code DEFAULT_PHASE - 1024}) and its stop ({@code - 2048}). */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Logger LOG = LoggerFactory.getLogger(WaybillRelay.class);

    private final RelayConfig config;
    private final MeterRegistry meterRegistry;
    private volatile Relay relay;

    /** @param meterRegistry the application's registry for the relay's meters, or {@code null} */
    public WaybillRelay(RelayConfig config, MeterRegistry meterRegistry) {
        this.config = config;
        this.meterRegistry = meterRegistry;
    }

    /** The configuration the relay runs with. */
    public RelayConfig config() {
        return config;
    }

    /** The running relay, or {@code null} before the context started it and after it stopped. */
    public Relay relay() {
        return relay;
    }

    @Override
    public synchronized void start() {
        if (relay == null) {
            relay = meterRegistry == null ? Relay.start(config) : Relay.start(config, meterRegistry);
        }
    }

    /** Drains within {@code waybill.relay.shutdown-timeout} and hands the stream to a standby. */
    @Override
    public synchronized void stop() {
        Relay running = relay;
        if (running != null) {
            LOG.info("Stopping the Waybill relay '{}'", config.relay().name());
            running.close();
            relay = null;
        }
    }

    @Override
    public boolean isRunning() {
        return relay != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** A context that fails to start after the relay did (or is closed without stopping) still stops it. */
    @Override
    public void destroy() {
        stop();
    }
}
