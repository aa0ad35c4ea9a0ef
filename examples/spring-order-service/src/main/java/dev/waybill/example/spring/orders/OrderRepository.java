package dev.waybill.example.spring.orders;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

public interface OrderRepository extends JpaRepository<Order, UUID> {

    long countByCustomerEmail(String customerEmail);
}
