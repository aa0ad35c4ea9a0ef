package dev.waybill.example.orders;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.waybill.jpa.EntityChange;
import dev.waybill.jpa.OutboxMapper;
import java.time.Instant;

/** Customer (operational) to CustomerRegistered (contract customers.customer-registered 1.0.0). */
public class CustomerRegisteredMapper implements OutboxMapper<Customer> {

    // An absent display name is left out: the contract has it optional, not nullable.
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CustomerRegistered(String customerId, String email, String displayName, Instant registeredAt) {}

    @Override
    public Object toPayload(Customer customer, EntityChange change) {
        return new CustomerRegistered(
                customerId(customer.getId()),
                customer.getEmail(),
                customer.getDisplayName(),
                customer.getRegisteredAt());
    }

    @Override
    public String aggregateId(Customer customer, Object entityId) {
        return customerId(customer.getId());
    }

    static String customerId(long id) {
        return String.format("CUS-%06d", id);
    }
}
