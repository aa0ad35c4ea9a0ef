package dev.waybill.jpa;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Writes an outbox event whenever an entity of the annotated class is inserted, updated or deleted (see {@link #on()}),
 * in the same transaction. The {@link #mapper()} turns the entity into the contract's analytical payload, so the
 * entity can change freely while the payload stays what the contract says.
 *
 * <pre>{@code
 * @Entity
 * @Outboxed(contract = "orders.order-placed", version = "1.1.0", on = ChangeKind.INSERT,
 *           mapper = OrderPlacedMapper.class)
 * public class PurchaseOrder { ... }
 * }</pre>
 *
 * Repeatable: one entity can feed several contracts, or several versions of one contract during a migration.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@Repeatable(Outboxed.List.class)
public @interface Outboxed {

    /** The data contract's id. */
    String contract();

    /** The contract version the mapper's payload follows (semver). */
    String version();

    /** The changes that write an event; by default inserts only. */
    ChangeKind[] on() default {ChangeKind.INSERT};

    /** Turns the entity into the payload; needs a public no-argument constructor. */
    @SuppressWarnings("rawtypes")
    Class<? extends OutboxMapper> mapper();

    /** The aggregate type; by default the entity name (for example {@code PurchaseOrder}). */
    String aggregateType() default "";

    /** The event type; by default {@code <contract>.<created|updated|deleted>}. */
    String eventType() default "";

    /** Holds repeated {@link Outboxed} annotations. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @Inherited
    @interface List {
        Outboxed[] value();
    }
}
