package dev.waybill.jpa.model;

import dev.waybill.jpa.ChangeKind;
import dev.waybill.jpa.EntityChange;
import dev.waybill.jpa.OutboxMapper;
import java.util.List;
import java.util.Set;

/** The analytical view of a shipment; internal notes are operational and never leave the service. */
public class ShipmentChangedMapper implements OutboxMapper<Shipment> {

    private static final Set<String> PUBLISHED = Set.of("status", "weightGrams");

    public record ShipmentChanged(
            String shipmentId,
            String status,
            long weightGrams,
            String change,
            List<String> changedFields,
            String previousStatus) {}

    @Override
    public Object toPayload(Shipment shipment, EntityChange change) {
        if (change.kind() == ChangeKind.UPDATE
                && change.changedProperties().stream().noneMatch(PUBLISHED::contains)) {
            return null; // only the internal note changed: nothing analytical happened
        }
        return new ShipmentChanged(
                "SHP-" + shipment.getId(),
                shipment.getStatus(),
                shipment.getWeightGrams(),
                change.kind().toString(),
                change.changedProperties().stream().sorted().toList(),
                (String) change.previous("status"));
    }

    @Override
    public String aggregateId(Shipment shipment, Object entityId) {
        return "SHP-" + entityId;
    }
}
