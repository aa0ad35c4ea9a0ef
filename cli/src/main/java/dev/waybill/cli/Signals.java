package dev.waybill.cli;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT as a request to stop: the relay drains and the process exits 0. A plain shutdown hook would
 * make the JVM exit 143 however cleanly the relay stopped, which orchestrators report as a failure.
 */
public final class Signals {

    private Signals() {}

    /** Runs {@code action} on SIGTERM or SIGINT instead of exiting. */
    public static void onTermination(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> action.run());
            } catch (IllegalArgumentException e) {
                // Not available on this platform (or already taken by the JVM): the default handling applies.
            }
        }
    }
}
