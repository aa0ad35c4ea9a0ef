package dev.waybill.outbox;

import java.util.List;

/**
 * Told of every successful {@link OutboxWriter} write, on the writing thread, for meters: frameworks count events
 * and time writes with it (the Spring Boot starter's Micrometer meters). A write is not yet a commit: the transaction
 * may still roll back.
 *
 * <p>It runs inside the caller's transaction, so it must be quick and must not throw.
 */
@FunctionalInterface
public interface WriteListener {

    /** Listens to nothing: the writer's default. */
    WriteListener NONE = (events, mode, nanos) -> {};

    /**
     * @param events the events written by one statement, in order
     * @param mode how they were recorded
     * @param nanos how long the statement took, in nanoseconds
     */
    void written(List<OutboxEvent> events, WriteMode mode, long nanos);
}
