package dev.waybill.jpa.model;

import dev.waybill.jpa.ChangeKind;
import dev.waybill.jpa.Outboxed;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;

@Entity
@Outboxed(
        contract = "logistics.shipment-changed",
        version = "1.0.0",
        on = {ChangeKind.INSERT, ChangeKind.UPDATE, ChangeKind.DELETE},
        mapper = ShipmentChangedMapper.class)
@Outboxed(
        contract = "logistics.shipment-created",
        version = "2.1.0",
        mapper = ShipmentCreatedMapper.class,
        aggregateType = "shipment",
        eventType = "ShipmentCreated")
public class Shipment {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "shipment_seq")
    @SequenceGenerator(name = "shipment_seq", allocationSize = 50)
    private Long id;

    private String status;
    private long weightGrams;
    private String internalNote;

    protected Shipment() {}

    public Shipment(String status, long weightGrams) {
        this.status = status;
        this.weightGrams = weightGrams;
    }

    public Long getId() {
        return id;
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    public long getWeightGrams() {
        return weightGrams;
    }

    public void setWeightGrams(long weightGrams) {
        this.weightGrams = weightGrams;
    }

    public void setInternalNote(String internalNote) {
        this.internalNote = internalNote;
    }
}
