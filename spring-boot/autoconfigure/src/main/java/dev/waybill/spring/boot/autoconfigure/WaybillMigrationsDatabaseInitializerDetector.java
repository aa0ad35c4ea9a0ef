package dev.waybill.spring.boot.autoconfigure;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Boot that {@link WaybillMigrationsInitializer} initializes the database, so that beans which use it (the JPA
 * entity manager factory, {@code JdbcTemplate}, the in-process relay) are created after it, as after Boot's own
 * Flyway. Registered in {@code META-INF/spring.factories}.
 */
public final class WaybillMigrationsDatabaseInitializerDetector extends AbstractBeansOfTypeDatabaseInitializerDetector {

    @Override
    protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
        return Set.of(WaybillMigrationsInitializer.class);
    }
}
