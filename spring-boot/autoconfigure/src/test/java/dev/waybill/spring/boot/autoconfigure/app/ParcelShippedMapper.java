package dev.waybill.spring.boot.autoconfigure.app;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.waybill.jpa.EntityChange;
import dev.waybill.jpa.OutboxMapper;

public class ParcelShippedMapper implements OutboxMapper<Parcel> {

    /** A null destination is left out, so that enforce mode sees the required property missing. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ParcelShipped(String parcelId, String destination) {}

    @Override
    public Object toPayload(Parcel parcel, EntityChange change) {
        return new ParcelShipped(parcel.getId(), parcel.getDestination());
    }

    @Override
    public String aggregateId(Parcel parcel, Object entityId) {
        return parcel.getId();
    }
}
