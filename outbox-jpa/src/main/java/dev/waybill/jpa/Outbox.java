package dev.waybill.jpa;

import dev.waybill.jpa.internal.OutboxRuntime;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.WaybillException;
import jakarta.persistence.EntityManager;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Publishes events that are not entity changes, in the transaction of an {@code EntityManager} (or Hibernate
 * {@code Session}). The event is written with the next flush, or at commit, and never if the transaction rolls back.
 *
 * <pre>{@code
 * Outbox.publish(entityManager, OutboxEvent.builder()
 *         .contract("orders.cart-abandoned").schemaVersion("1.0.0")
 *         .aggregate("cart", cart.id())
 *         .payload(Outbox.json(new CartAbandoned(cart.id(), Instant.now())))
 *         .build());
 * }</pre>
 */
public final class Outbox {

    private Outbox() {}

    /**
     * @throws WaybillException if there is no active transaction, or outbox-jpa is disabled for this persistence unit
     * @throws OutboxContractException with {@code waybill.outbox.validation=enforce}, if the event breaks its contract
     */
    public static void publish(EntityManager entityManager, OutboxEvent event) {
        SharedSessionContractImplementor session = entityManager.unwrap(SharedSessionContractImplementor.class);
        OutboxRuntime runtime = OutboxRuntime.of(session)
                .orElseThrow(() -> new WaybillException("outbox-jpa is not active for this persistence unit (is "
                        + OutboxSettings.ENABLED + " false?)"));
        runtime.publish(session, event);
    }

    /** A payload object as JSON text, serialized the way mapper payloads are (Jackson, java.time as ISO-8601). */
    public static String json(Object payload) {
        try {
            return dev.waybill.jpa.internal.PayloadJson.write(payload);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new OutboxMappingException(
                    "cannot serialize " + payload.getClass().getName() + " to JSON: " + e.getOriginalMessage(), e);
        }
    }
}
