package dev.waybill.example.orders;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.waybill.jpa.EntityChange;
import dev.waybill.jpa.OutboxMapper;
import java.time.Instant;

/**
 * PurchaseOrder (operational: customer entity, order lines, prices) to OrderPlaced (contract orders.order-placed
 * 1.1.0: an order number, the customer's email, the total in cents). The tables may change; this payload may not.
 * Orders placed in a store carry no email: the till does not ask for one (customerEmail is optional).
 */
public class OrderPlacedMapper implements OutboxMapper<PurchaseOrder> {

    private static final String STORE = "store";

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrderPlaced(
            String orderId, String customerEmail, long totalAmount, Instant occurredAt, String salesChannel) {}

    @Override
    public Object toPayload(PurchaseOrder order, EntityChange change) {
        long total = order.getLines().stream()
                .mapToLong(line -> line.getQuantity() * line.getUnitPriceCents())
                .sum();
        return new OrderPlaced(
                orderId(order.getId()),
                STORE.equals(order.getSalesChannel())
                        ? null
                        : order.getCustomer().getEmail(),
                total,
                order.getPlacedAt(),
                order.getSalesChannel());
    }

    @Override
    public String aggregateId(PurchaseOrder order, Object entityId) {
        return orderId(order.getId());
    }

    static String orderId(long id) {
        return String.format("ORD-%06d", id);
    }
}
