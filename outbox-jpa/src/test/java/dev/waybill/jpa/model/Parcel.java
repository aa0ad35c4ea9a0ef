package dev.waybill.jpa.model;

import dev.waybill.jpa.EntityChange;
import dev.waybill.jpa.OutboxMapper;
import dev.waybill.jpa.Outboxed;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Its mapper fails: the transaction must fail with it. */
@Entity
@Outboxed(contract = "logistics.parcel-created", version = "1.0.0", mapper = Parcel.BrokenMapper.class)
public class Parcel {

    @Id
    private String code;

    protected Parcel() {}

    public Parcel(String code) {
        this.code = code;
    }

    public static class BrokenMapper implements OutboxMapper<Parcel> {
        @Override
        public Object toPayload(Parcel parcel, EntityChange change) {
            throw new IllegalStateException("customer lookup failed");
        }
    }
}
