package dev.waybill.example.orders;

import dev.waybill.jpa.Outboxed;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@Entity
@Table(name = "purchase_order")
@Outboxed(contract = "orders.order-placed", version = "1.1.0", mapper = OrderPlacedMapper.class)
public class PurchaseOrder {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "order_seq")
    @SequenceGenerator(name = "order_seq", allocationSize = 50)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Customer customer;

    @OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true)
    private List<OrderLine> lines = new ArrayList<>();

    private String salesChannel;
    private Instant placedAt;

    protected PurchaseOrder() {}

    public PurchaseOrder(Customer customer, String salesChannel, Instant placedAt) {
        this.customer = customer;
        this.salesChannel = salesChannel;
        this.placedAt = placedAt;
    }

    public PurchaseOrder addLine(String sku, int quantity, long unitPriceCents) {
        lines.add(new OrderLine(this, sku, quantity, unitPriceCents));
        return this;
    }

    public Long getId() {
        return id;
    }

    public Customer getCustomer() {
        return customer;
    }

    public List<OrderLine> getLines() {
        return lines;
    }

    public String getSalesChannel() {
        return salesChannel;
    }

    public Instant getPlacedAt() {
        return placedAt;
    }
}
