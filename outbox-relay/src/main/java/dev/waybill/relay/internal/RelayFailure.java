package dev.waybill.relay.internal;

import dev.waybill.outbox.WaybillException;
import dev.waybill.relay.RelayException;

/**
 * Why the relay stopped, as one line an operator can act on. Debezium's engine reports a failure wrapped in its own
 * exceptions; what the relay threw itself (Kafka refused an event, say) already says what to do, anything else is
 * named by its innermost cause.
 */
final class RelayFailure {

    private RelayFailure() {}

    static WaybillException explain(String engineMessage, Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof WaybillException known) {
                return known;
            }
        }
        if (error == null) {
            return new RelayException("The capture engine stopped: " + engineMessage);
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new RelayException(
                "The capture engine stopped: " + root.getClass().getSimpleName() + ": "
                        + root.getMessage()
                        + " (the log has the details; the relay publishes from its last stored position "
                        + "when restarted)",
                error);
    }
}
