package dev.waybill.jpa.internal;

import dev.waybill.jpa.ChangeKind;
import dev.waybill.jpa.OutboxMapper;
import dev.waybill.jpa.Outboxed;
import dev.waybill.outbox.SemanticVersion;
import dev.waybill.outbox.WaybillException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** One {@link Outboxed} annotation of an entity class, checked and with its mapper instantiated. */
record EntityBinding(
        String contract,
        String version,
        Set<ChangeKind> on,
        OutboxMapper<Object> mapper,
        String aggregateType,
        String eventType) {

    /** The bindings of {@code entityClass}; empty when it is not annotated. Fails start-up on a bad annotation. */
    static List<EntityBinding> of(Class<?> entityClass) {
        List<EntityBinding> bindings = new ArrayList<>();
        for (Outboxed outboxed : entityClass.getAnnotationsByType(Outboxed.class)) {
            String where = "@Outboxed(contract = \"" + outboxed.contract() + "\") on " + entityClass.getName();
            if (outboxed.contract().isBlank()) {
                throw new WaybillException("@Outboxed on " + entityClass.getName() + ": contract must not be blank");
            }
            if (!SemanticVersion.isValid(outboxed.version())) {
                throw new WaybillException(where + ": version '" + outboxed.version()
                        + "' is not a semantic version (MAJOR.MINOR.PATCH, for example 1.0.0)");
            }
            if (outboxed.on().length == 0) {
                throw new WaybillException(where + ": 'on' names no change kind, so it would never write an event");
            }
            bindings.add(new EntityBinding(
                    outboxed.contract(),
                    outboxed.version(),
                    EnumSet.copyOf(List.of(outboxed.on())),
                    instantiate(outboxed.mapper(), where),
                    outboxed.aggregateType(),
                    outboxed.eventType()));
        }
        return List.copyOf(bindings);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static OutboxMapper<Object> instantiate(Class<? extends OutboxMapper> type, String where) {
        try {
            var constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return (OutboxMapper<Object>) constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new WaybillException(where + ": mapper " + type.getName() + " needs a no-argument constructor");
        } catch (InvocationTargetException e) {
            throw new WaybillException(
                    where + ": mapper " + type.getName() + " failed in its constructor: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new WaybillException(where + ": mapper " + type.getName() + " cannot be created: " + e, e);
        }
    }

    String eventTypeFor(ChangeKind kind) {
        return eventType.isBlank() ? contract + "." + kind.pastTense() : eventType;
    }
}
