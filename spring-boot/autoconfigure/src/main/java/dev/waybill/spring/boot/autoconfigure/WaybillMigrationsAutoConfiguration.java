package dev.waybill.spring.boot.autoconfigure;

import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.outbox.WaybillException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Runs the Waybill migrations with Flyway at start-up, apart from the application's own: they live in the outbox
 * schema with their own history table, so Boot's Flyway ({@code spring.flyway.*}) never sees them and they never
 * see the application's. {@code waybill.migrations.enabled=false} leaves them to the DBAs.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({WaybillMigrations.class, Flyway.class})
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "waybill.migrations.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WaybillProperties.class)
public class WaybillMigrationsAutoConfiguration {

    /** The bean name the in-process relay waits for. */
    public static final String BEAN_NAME = "waybillMigrations";

    @Bean(BEAN_NAME)
    @ConditionalOnMissingBean
    WaybillMigrationsInitializer waybillMigrations(DataSource dataSource, WaybillProperties properties) {
        WaybillMigrations.Builder builder = WaybillMigrations.builder(dataSource)
                .schema(properties.getOutbox().getSchema())
                .historyTable(properties.getMigrations().getHistoryTable());
        if (properties.getMigrations().getRelayRole() != null) {
            builder.relayRole(properties.getMigrations().getRelayRole());
        }
        try {
            return new WaybillMigrationsInitializer(builder.build());
        } catch (IllegalArgumentException e) {
            throw new WaybillException(
                    "Check waybill.outbox.schema, waybill.migrations.history-table and "
                            + "waybill.migrations.relay-role: " + e.getMessage(),
                    e);
        }
    }
}
