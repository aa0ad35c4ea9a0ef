package dev.waybill.spring.boot;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriteException;
import dev.waybill.outbox.OutboxWriter;
import java.sql.Connection;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes outbox events in the current Spring-managed transaction, on that transaction's own connection: inside a
 * {@code @Transactional} method (or a {@code TransactionTemplate}), whether the transaction manager is JDBC's or
 * JPA's, the events commit or roll back with the business writes. The Spring Boot starter configures one; inject it.
 *
 * <pre>{@code
 * @Transactional
 * public void placeOrder(Order order) {
 *     orders.save(order);
 *     outbox.write(OutboxEvent.builder().contract("orders.order-placed")...build());
 * }
 * }</pre>
 *
 * <p>Outside a transaction it refuses to write: the event would commit on its own, not with the business writes.
 */
public final class TransactionalOutbox {

    private final DataSource dataSource;
    private final OutboxWriter writer;

    public TransactionalOutbox(DataSource dataSource, OutboxWriter writer) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /** Writes one event in the current transaction. */
    public void write(OutboxEvent event) {
        writer.write(connection(), event);
    }

    /**
     * Writes all events with one statement in the current transaction, in list order.
     *
     * @return the number of events written
     */
    public int writeAll(List<OutboxEvent> events) {
        return writer.writeAll(connection(), events);
    }

    /** The writer this outbox writes with: its table and mode. */
    public OutboxWriter writer() {
        return writer;
    }

    private Connection connection() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new OutboxWriteException("Refusing to write to the outbox " + writer.table() + " outside a Spring "
                    + "transaction: the event would commit on its own, not with your business writes. Call it from a "
                    + "@Transactional method or inside TransactionTemplate.execute(...).");
        }
        // The connection bound to the transaction (JDBC's, or the one JPA's transaction manager exposes): not a new
        // one. Spring releases it when the transaction completes.
        return DataSourceUtils.getConnection(dataSource);
    }
}
