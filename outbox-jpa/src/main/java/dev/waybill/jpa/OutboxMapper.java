package dev.waybill.jpa;

/**
 * Turns an entity into the analytical payload of one contract version. Implementations are instantiated once per
 * session factory through their public no-argument constructor and must be thread-safe (stateless is best).
 *
 * <p>The payload is serialized with Jackson: records, maps, {@code java.time} values (as ISO-8601 text) and
 * {@code JsonNode}s work out of the box; a {@code String} is taken as JSON text. It must serialize to a JSON object.
 *
 * @param <E> the entity type
 */
@FunctionalInterface
public interface OutboxMapper<E> {

    /**
     * @param entity the entity as it is after the change (for a delete, as it was)
     * @param change what happened; for updates, which properties changed and their previous values
     * @return the payload, or {@code null} to write no event for this change (for example when the properties the
     *     contract cares about did not change)
     */
    Object toPayload(E entity, EntityChange change);

    /**
     * The aggregate id, the Kafka key of the event; by default the entity's id. Override when the contract's key is
     * another value (for example an order number).
     */
    default String aggregateId(E entity, Object entityId) {
        return String.valueOf(entityId);
    }
}
