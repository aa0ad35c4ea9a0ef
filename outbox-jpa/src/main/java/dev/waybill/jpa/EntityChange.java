package dev.waybill.jpa;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What happened to an entity. For updates Hibernate knows which properties are dirty and, when the entity was loaded
 * in this session, their previous values; for inserts and deletes both are empty.
 *
 * @param entityName the entity name, for example {@code PurchaseOrder}
 * @param id the entity's id
 * @param changedProperties names of the properties an update changed
 * @param previousValues the changed properties' values before the update (values may be {@code null})
 */
public record EntityChange(
        ChangeKind kind,
        String entityName,
        Object id,
        Set<String> changedProperties,
        Map<String, Object> previousValues) {

    public EntityChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(entityName, "entityName");
        changedProperties = Set.copyOf(changedProperties);
        // Map.copyOf refuses null values, and a previous value may well be null.
        previousValues = Collections.unmodifiableMap(new HashMap<>(previousValues));
    }

    public boolean changed(String property) {
        return changedProperties.contains(property);
    }

    /** The value {@code property} had before this update, or {@code null} when unknown or null. */
    public Object previous(String property) {
        return previousValues.get(property);
    }
}
