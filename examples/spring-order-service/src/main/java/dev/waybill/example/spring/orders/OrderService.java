package dev.waybill.example.spring.orders;

import java.time.Instant;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Places orders. Nothing here mentions the outbox: the {@code @Outboxed} entity takes care of it. */
@Service
public class OrderService {

    private final OrderRepository orders;
    private final long maxOpenOrders;

    public OrderService(OrderRepository orders, @Value("${shop.max-open-orders}") long maxOpenOrders) {
        this.orders = orders;
        this.maxOpenOrders = maxOpenOrders;
    }

    @Transactional
    public Order place(String customerEmail, String sku, int quantity, long unitPriceCents, String currency) {
        Order order = orders.save(new Order(customerEmail, sku, quantity, unitPriceCents, currency, Instant.now()));
        // The limit counts the new order too: the query flushes it (and writes its event) first. Throwing here rolls
        // back the order and its event together.
        if (orders.countByCustomerEmail(customerEmail) > maxOpenOrders) {
            throw new OrderLimitExceededException(customerEmail, maxOpenOrders);
        }
        return order;
    }
}
