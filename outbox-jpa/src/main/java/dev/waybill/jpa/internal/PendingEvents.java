package dev.waybill.jpa.internal;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.engine.spi.TransactionCompletionCallbacks;

/**
 * The events one session's current transaction has produced but not yet written. They are written together (one
 * statement) at the end of each flush, and, as a safety net, before the transaction completes; after completion,
 * committed or not, whatever is left is dropped.
 */
final class PendingEvents
        implements TransactionCompletionCallbacks.BeforeCompletionCallback,
                TransactionCompletionCallbacks.AfterCompletionCallback {

    private final OutboxRuntime runtime;
    private final List<OutboxEvent> events = new ArrayList<>();

    PendingEvents(OutboxRuntime runtime) {
        this.runtime = runtime;
    }

    void add(OutboxEvent event) {
        events.add(event);
    }

    void write(SharedSessionContractImplementor session, OutboxWriter writer) {
        if (events.isEmpty()) {
            return;
        }
        List<OutboxEvent> batch = List.copyOf(events);
        events.clear();
        // The common case, one event per transaction, takes the plain single-row insert: no arrays to build.
        session.doWork(connection -> {
            if (batch.size() == 1) {
                writer.write(connection, batch.get(0));
            } else {
                writer.writeAll(connection, batch);
            }
        });
    }

    @Override
    public void doBeforeTransactionCompletion(SharedSessionContractImplementor session) {
        runtime.flushPending(session);
    }

    @Override
    public void doAfterTransactionCompletion(boolean success, SharedSessionContractImplementor session) {
        events.clear();
        runtime.forget(session);
    }
}
