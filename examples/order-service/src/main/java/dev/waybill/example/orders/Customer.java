package dev.waybill.example.orders;

import dev.waybill.jpa.Outboxed;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import java.time.Instant;

@Entity
@Outboxed(contract = "customers.customer-registered", version = "1.0.0", mapper = CustomerRegisteredMapper.class)
public class Customer {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "customer_seq")
    @SequenceGenerator(name = "customer_seq", allocationSize = 50)
    private Long id;

    @Column(nullable = false, unique = true)
    private String email;

    private String displayName;

    /** Operational only: how the account was created. Not part of any contract. */
    private String signupSource;

    @Column(nullable = false)
    private Instant registeredAt;

    protected Customer() {}

    public Customer(String email, String displayName, String signupSource, Instant registeredAt) {
        this.email = email;
        this.displayName = displayName;
        this.signupSource = signupSource;
        this.registeredAt = registeredAt;
    }

    public Long getId() {
        return id;
    }

    public String getEmail() {
        return email;
    }

    public String getDisplayName() {
        return displayName;
    }

    public String getSignupSource() {
        return signupSource;
    }

    public Instant getRegisteredAt() {
        return registeredAt;
    }
}
