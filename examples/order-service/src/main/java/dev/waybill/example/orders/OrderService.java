package dev.waybill.example.orders;

import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.util.List;

/** The shop's business operations. Nothing here mentions the outbox: the annotated entities take care of it. */
public final class OrderService {

    /** One line of a cart. */
    public record Item(String sku, int quantity, long unitPriceCents) {}

    private final EntityManagerFactory entityManagerFactory;
    private final Clock clock;

    public OrderService(EntityManagerFactory entityManagerFactory, Clock clock) {
        this.entityManagerFactory = entityManagerFactory;
        this.clock = clock;
    }

    public Customer registerCustomer(String email, String displayName) {
        Customer customer = new Customer(email, displayName, "web-signup", clock.instant());
        entityManagerFactory.runInTransaction(entityManager -> entityManager.persist(customer));
        return customer;
    }

    public PurchaseOrder placeOrder(long customerId, String salesChannel, List<Item> items) {
        return entityManagerFactory.callInTransaction(entityManager -> {
            PurchaseOrder order = new PurchaseOrder(
                    entityManager.getReference(Customer.class, customerId), salesChannel, clock.instant());
            items.forEach(item -> order.addLine(item.sku(), item.quantity(), item.unitPriceCents()));
            entityManager.persist(order);
            return order;
        });
    }
}
