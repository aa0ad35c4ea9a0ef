package dev.waybill.jpa.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.waybill.jpa.ChangeKind;
import dev.waybill.jpa.EntityChange;
import dev.waybill.jpa.OutboxMappingException;
import dev.waybill.outbox.InvalidEventException;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.outbox.WaybillException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/** Everything outbox-jpa keeps per session factory: settings, entity bindings, and each session's pending events. */
public final class OutboxRuntime {

    private static final Map<Object, OutboxRuntime> BY_FACTORY = new ConcurrentHashMap<>();

    private final OutboxWriter writer;
    private final Optional<ContractEnforcer> enforcer;
    private final Map<Class<?>, List<EntityBinding>> bindings;
    // Weak keys: a session that ends without completing its transaction must not keep its events alive.
    private final Map<SharedSessionContractImplementor, PendingEvents> pending =
            Collections.synchronizedMap(new WeakHashMap<>());

    OutboxRuntime(OutboxConfig config, Map<Class<?>, List<EntityBinding>> bindings) {
        this.writer = config.writer();
        this.enforcer = config.enforce() ? config.contracts().map(ContractEnforcer::load) : Optional.empty();
        this.bindings = Map.copyOf(bindings);
    }

    static void register(Object sessionFactory, OutboxRuntime runtime) {
        BY_FACTORY.put(sessionFactory, runtime);
    }

    static void unregister(Object sessionFactory) {
        BY_FACTORY.remove(sessionFactory);
    }

    /** The runtime of a session's factory, if outbox-jpa is active there. */
    public static Optional<OutboxRuntime> of(SharedSessionContractImplementor session) {
        return Optional.ofNullable(BY_FACTORY.get(session.getFactory()));
    }

    boolean handles(Class<?> entityClass) {
        return bindings.containsKey(entityClass);
    }

    /** Maps one entity change to the events its {@code @Outboxed} annotations ask for, and queues them. */
    void onChange(SharedSessionContractImplementor session, Class<?> entityClass, Object entity, EntityChange change) {
        List<EntityBinding> entityBindings = bindings.get(entityClass);
        if (entityBindings == null) {
            return;
        }
        for (EntityBinding binding : entityBindings) {
            if (binding.on().contains(change.kind())) {
                toEvent(binding, entity, change).ifPresent(event -> queue(session, event, subject(change)));
            }
        }
    }

    /** Queues an event published by the application in the session's transaction. */
    public void publish(SharedSessionContractImplementor session, OutboxEvent event) {
        if (!session.isTransactionInProgress()) {
            throw new WaybillException("Outbox.publish needs an active transaction: the event is written with, "
                    + "and only with, the transaction's commit");
        }
        queue(session, event, event.toString());
    }

    private void queue(SharedSessionContractImplementor session, OutboxEvent event, String subject) {
        enforcer.ifPresent(check -> check.check(event, subject));
        pending.computeIfAbsent(session, key -> {
                    PendingEvents events = new PendingEvents(this);
                    key.getTransactionCompletionCallbacks()
                            .registerCallback(
                                    (org.hibernate.engine.spi.TransactionCompletionCallbacks.BeforeCompletionCallback)
                                            events);
                    key.getTransactionCompletionCallbacks()
                            .registerCallback(
                                    (org.hibernate.engine.spi.TransactionCompletionCallbacks.AfterCompletionCallback)
                                            events);
                    return events;
                })
                .add(event);
    }

    /** Writes the session's queued events in one statement; called at the end of every flush. */
    void flushPending(SharedSessionContractImplementor session) {
        PendingEvents events = pending.get(session);
        if (events != null) {
            events.write(session, writer);
        }
    }

    void forget(SharedSessionContractImplementor session) {
        pending.remove(session);
    }

    private Optional<OutboxEvent> toEvent(EntityBinding binding, Object entity, EntityChange change) {
        String mapperName = binding.mapper().getClass().getName();
        String where = "mapper " + mapperName + " for " + subject(change) + " (contract " + binding.contract() + " "
                + binding.version() + ")";
        Object payload;
        String aggregateId;
        try {
            payload = binding.mapper().toPayload(entity, change);
            aggregateId = binding.mapper().aggregateId(entity, change.id());
        } catch (RuntimeException e) {
            throw new OutboxMappingException(where + " failed: " + e, e);
        }
        if (payload == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OutboxEvent.builder()
                    .contract(binding.contract())
                    .schemaVersion(binding.version())
                    .aggregate(
                            binding.aggregateType().isBlank() ? change.entityName() : binding.aggregateType(),
                            aggregateId)
                    .eventType(binding.eventTypeFor(change.kind()))
                    .payload(PayloadJson.write(payload))
                    .build());
        } catch (JsonProcessingException e) {
            throw new OutboxMappingException(
                    where + " returned a " + payload.getClass().getName() + " that Jackson cannot serialize: "
                            + e.getOriginalMessage(),
                    e);
        } catch (InvalidEventException e) {
            throw new OutboxMappingException(where + " produced an invalid event: " + e.getMessage(), e);
        }
    }

    private static String subject(EntityChange change) {
        return change.kind() == ChangeKind.INSERT || change.id() != null
                ? change.entityName() + "#" + change.id() + " (" + change.kind() + ")"
                : change.entityName() + " (" + change.kind() + ")";
    }
}
