package dev.waybill.jpa.internal;

import dev.waybill.jpa.ChangeKind;
import dev.waybill.jpa.EntityChange;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.hibernate.HibernateException;
import org.hibernate.event.spi.AbstractPostDatabaseOperationEvent;
import org.hibernate.event.spi.AutoFlushEvent;
import org.hibernate.event.spi.AutoFlushEventListener;
import org.hibernate.event.spi.FlushEvent;
import org.hibernate.event.spi.FlushEventListener;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;
import org.hibernate.event.spi.PostInsertEvent;
import org.hibernate.event.spi.PostInsertEventListener;
import org.hibernate.event.spi.PostUpdateEvent;
import org.hibernate.event.spi.PostUpdateEventListener;
import org.hibernate.persister.entity.EntityPersister;

/**
 * Hibernate's hooks: entity changes queue events as the flush executes them; the end of the flush (explicit, automatic
 * before a query, or at commit) writes them, so they become visible exactly when the entity rows do.
 */
final class OutboxListener
        implements PostInsertEventListener,
                PostUpdateEventListener,
                PostDeleteEventListener,
                FlushEventListener,
                AutoFlushEventListener {

    private final OutboxRuntime runtime;

    OutboxListener(OutboxRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void onPostInsert(PostInsertEvent event) {
        changed(event, ChangeKind.INSERT, Set.of(), Map.of());
    }

    @Override
    public void onPostUpdate(PostUpdateEvent event) {
        String[] names = event.getPersister().getPropertyNames();
        Set<String> dirty = new LinkedHashSet<>();
        Map<String, Object> previous = new HashMap<>();
        int[] dirtyIndexes = event.getDirtyProperties();
        if (dirtyIndexes != null) {
            for (int index : dirtyIndexes) {
                dirty.add(names[index]);
                if (event.getOldState() != null) {
                    previous.put(names[index], event.getOldState()[index]);
                }
            }
        }
        changed(event, ChangeKind.UPDATE, dirty, previous);
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
        changed(event, ChangeKind.DELETE, Set.of(), Map.of());
    }

    private void changed(
            AbstractPostDatabaseOperationEvent event,
            ChangeKind kind,
            Set<String> dirty,
            Map<String, Object> previous) {
        // The persister's class, not the entity's: a deleted entity may be a lazy proxy subclass.
        Class<?> entityClass = event.getPersister().getMappedClass();
        if (!runtime.handles(entityClass)) {
            return;
        }
        runtime.onChange(
                event.getSession(),
                entityClass,
                event.getEntity(),
                new EntityChange(kind, event.getPersister().getJpaEntityName(), event.getId(), dirty, previous));
    }

    @Override
    public void onFlush(FlushEvent event) throws HibernateException {
        runtime.flushPending(event.getSession());
    }

    @Override
    public void onAutoFlush(AutoFlushEvent event) throws HibernateException {
        runtime.flushPending(event.getSession());
    }

    @Override
    public boolean requiresPostCommitHandling(EntityPersister persister) {
        return false;
    }
}
