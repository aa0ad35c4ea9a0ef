package dev.waybill.example.spring.orders;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/orders")
public class OrderController {

    public record PlaceOrder(String customerEmail, String sku, int quantity, long unitPriceCents, String currency) {}

    public record OrderView(
            UUID id,
            String customerEmail,
            String sku,
            int quantity,
            long unitPriceCents,
            String currency,
            Instant createdAt) {

        static OrderView of(Order order) {
            return new OrderView(
                    order.getId(),
                    order.getCustomerEmail(),
                    order.getSku(),
                    order.getQuantity(),
                    order.getUnitPriceCents(),
                    order.getCurrency(),
                    order.getCreatedAt());
        }
    }

    private final OrderService service;
    private final OrderRepository orders;

    public OrderController(OrderService service, OrderRepository orders) {
        this.service = service;
        this.orders = orders;
    }

    @PostMapping
    public ResponseEntity<OrderView> place(@RequestBody PlaceOrder request) {
        Order order = service.place(
                request.customerEmail(),
                request.sku(),
                request.quantity(),
                request.unitPriceCents(),
                request.currency());
        return ResponseEntity.created(URI.create("/orders/" + order.getId())).body(OrderView.of(order));
    }

    @GetMapping("/{id}")
    public ResponseEntity<OrderView> get(@PathVariable UUID id) {
        return ResponseEntity.of(orders.findById(id).map(OrderView::of));
    }
}
