package dev.waybill.example.spring.orders;

import dev.waybill.jpa.Outboxed;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An order as the service stores it. Inserting one also writes its {@code orders.order-created} event. */
@Entity
@Table(name = "orders")
@Outboxed(contract = "orders.order-created", version = "1.0.0", mapper = OrderCreatedMapper.class)
public class Order {

    @Id
    @GeneratedValue(strategy = GenerationType.UUID)
    private UUID id;

    private String customerEmail;
    private String sku;
    private int quantity;
    private long unitPriceCents;
    private String currency;
    private Instant createdAt;

    protected Order() {}

    public Order(
            String customerEmail, String sku, int quantity, long unitPriceCents, String currency, Instant createdAt) {
        this.customerEmail = customerEmail;
        this.sku = sku;
        this.quantity = quantity;
        this.unitPriceCents = unitPriceCents;
        this.currency = currency;
        this.createdAt = createdAt;
    }

    public UUID getId() {
        return id;
    }

    public String getCustomerEmail() {
        return customerEmail;
    }

    public String getSku() {
        return sku;
    }

    public int getQuantity() {
        return quantity;
    }

    public long getUnitPriceCents() {
        return unitPriceCents;
    }

    public String getCurrency() {
        return currency;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
