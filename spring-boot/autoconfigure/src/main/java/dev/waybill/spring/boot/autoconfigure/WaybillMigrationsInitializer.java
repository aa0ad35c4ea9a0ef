package dev.waybill.spring.boot.autoconfigure;

import dev.waybill.migrations.WaybillMigrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;

/**
 * Applies the Waybill migrations when the application context starts, before anything that uses the database
 * (Boot orders JPA, {@code JdbcTemplate} and the in-process relay after database initializers; {@link
 * WaybillMigrationsDatabaseInitializerDetector} tells Boot this is one).
 */
public class WaybillMigrationsInitializer implements InitializingBean {

    private static final Logger LOG = LoggerFactory.getLogger(WaybillMigrationsInitializer.class);

    private final WaybillMigrations migrations;

    public WaybillMigrationsInitializer(WaybillMigrations migrations) {
        this.migrations = migrations;
    }

    /** The migrations this initializer applies: schema, publication and Flyway instance. */
    public WaybillMigrations migrations() {
        return migrations;
    }

    @Override
    public void afterPropertiesSet() {
        int applied = migrations.migrate();
        LOG.info(
                "Waybill migrations: {} applied to schema {} (history table {})",
                applied,
                migrations.schema(),
                migrations.historyTable());
    }
}
