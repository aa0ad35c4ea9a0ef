package dev.waybill.jpa.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.mapping.PersistentClass;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

/**
 * Found by Hibernate through {@code ServiceLoader}, so plain Hibernate, Jakarta Persistence bootstrap, Spring and
 * Quarkus all pick the outbox up without wiring. Checks every {@code @Outboxed} entity at start-up, so a bad
 * annotation or mapper fails the boot, not the first transaction.
 */
public final class OutboxIntegrator implements Integrator {

    @Override
    public void integrate(
            Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor sessionFactory) {
        OutboxConfig config = OutboxConfig.from(sessionFactory.getProperties(), System.getenv());
        if (!config.enabled()) {
            return;
        }
        Map<Class<?>, List<EntityBinding>> bindings = new HashMap<>();
        for (PersistentClass entity : metadata.getEntityBindings()) {
            Class<?> type = entity.getMappedClass();
            if (type != null) {
                List<EntityBinding> entityBindings = EntityBinding.of(type);
                if (!entityBindings.isEmpty()) {
                    bindings.put(type, entityBindings);
                }
            }
        }
        OutboxRuntime runtime = new OutboxRuntime(config, bindings);
        OutboxRuntime.register(sessionFactory, runtime);
        OutboxListener listener = new OutboxListener(runtime);
        EventListenerRegistry listeners = sessionFactory.getEventListenerRegistry();
        listeners.appendListeners(EventType.POST_INSERT, listener);
        listeners.appendListeners(EventType.POST_UPDATE, listener);
        listeners.appendListeners(EventType.POST_DELETE, listener);
        // Appended after Hibernate's own flush listeners: by then the flush has executed every statement.
        listeners.appendListeners(EventType.FLUSH, listener);
        listeners.appendListeners(EventType.AUTO_FLUSH, listener);
    }

    @Override
    public void disintegrate(SessionFactoryImplementor sessionFactory, SessionFactoryServiceRegistry registry) {
        OutboxRuntime.unregister(sessionFactory);
    }
}
