package dev.waybill.jpa.model;

import dev.waybill.jpa.EntityChange;
import dev.waybill.jpa.OutboxMapper;
import java.time.Instant;
import java.util.Map;

public class ShipmentCreatedMapper implements OutboxMapper<Shipment> {

    static final Instant FIXED = Instant.parse("2026-11-26T10:15:30.123Z");

    @Override
    public Object toPayload(Shipment shipment, EntityChange change) {
        return Map.of("id", shipment.getId(), "createdAt", FIXED);
    }
}
