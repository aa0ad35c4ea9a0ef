package dev.waybill.spring.boot.autoconfigure.app;

import dev.waybill.jpa.Outboxed;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A test entity whose inserts write a {@code parcels.parcel-shipped} event. */
@Entity
@Table(name = "parcel", schema = "public")
@Outboxed(contract = "parcels.parcel-shipped", version = "1.0.0", mapper = ParcelShippedMapper.class)
public class Parcel {

    @Id
    private String id;

    private String destination;

    protected Parcel() {}

    public Parcel(String id, String destination) {
        this.id = id;
        this.destination = destination;
    }

    public String getId() {
        return id;
    }

    public String getDestination() {
        return destination;
    }
}
