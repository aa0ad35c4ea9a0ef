package dev.waybill.example.spring.orders;

import dev.waybill.jpa.EntityChange;
import dev.waybill.jpa.OutboxMapper;
import java.time.Instant;

/**
 * Order (what the service stores: a unit price) to OrderCreated (contract {@code orders.order-created} 1.0.0: the
 * total). The table may change; this payload may not.
 */
public class OrderCreatedMapper implements OutboxMapper<Order> {

    public record OrderCreated(
            String orderId,
            String customerEmail,
            String sku,
            int quantity,
            long totalCents,
            String currency,
            Instant createdAt) {}

    @Override
    public Object toPayload(Order order, EntityChange change) {
        return new OrderCreated(
                order.getId().toString(),
                order.getCustomerEmail(),
                order.getSku(),
                order.getQuantity(),
                order.getQuantity() * order.getUnitPriceCents(),
                order.getCurrency(),
                order.getCreatedAt());
    }

    @Override
    public String aggregateId(Order order, Object entityId) {
        return order.getId().toString();
    }
}
