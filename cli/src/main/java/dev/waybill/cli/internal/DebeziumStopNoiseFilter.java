package dev.waybill.cli.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Marker;

/**
 * Drops what Debezium's engine logs about being stopped while it works: a line of an {@code io.debezium} logger whose
 * exception is, or was caused by, an {@link InterruptedException} or a {@link RejectedExecutionException}.
 *
 * <p>The relay stops its engine on purpose (SIGTERM, or the stream's lock lost while PostgreSQL restarts), and the
 * engine may be converting a batch or restarting its task after a lost connection right then. Its threads are then
 * interrupted, or hand work to executors already shut down, and log that with stack traces, at ERROR ("Interrupted
 * while stopping coordinator", "Engine has failed with ...") or WARN ("Failure during stopping tasks"):
 * PostgresRestartIT saw them. None is a failure: the position stored is one Kafka acknowledged, and an engine that
 * stops by itself while the relay does not stop it is reported by the relay with its cause ("The capture engine
 * stopped").
 */
public final class DebeziumStopNoiseFilter extends TurboFilter {

    @Override
    public FilterReply decide(
            Marker marker, Logger logger, Level level, String format, Object[] params, Throwable throwable) {
        if (format == null || !logger.getName().startsWith("io.debezium.")) {
            return FilterReply.NEUTRAL;
        }
        // SLF4J passes a throwable that follows the format's arguments as the last argument.
        Throwable thrown = throwable != null
                ? throwable
                : params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last
                        ? last
                        : null;
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException || cause instanceof RejectedExecutionException) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
