package dev.waybill.spring.boot.autoconfigure;

import dev.waybill.outbox.OutboxWriter;
import javax.sql.DataSource;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The {@code waybill} health contributor ({@code /actuator/health/waybill}); {@code
 * management.health.waybill.enabled=false} turns it off. The slot and the stored position are the relay's, named by
 * {@code waybill.relay.name} and {@code waybill.relay.database.slot} as the relay itself names them, so the check
 * works with a sidecar relay too.
 */
@AutoConfiguration(after = WaybillAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean({OutboxWriter.class, DataSource.class})
@ConditionalOnEnabledHealthIndicator("waybill")
public class WaybillHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "waybillHealthIndicator")
    HealthIndicator waybillHealthIndicator(DataSource dataSource, OutboxWriter writer, Environment environment) {
        String relayName = environment.getProperty("waybill.relay.name", "waybill");
        String slot = environment.getProperty("waybill.relay.database.slot", "waybill_" + relayName);
        return new OutboxHealthIndicator(dataSource, writer.table(), writer.mode(), relayName, slot);
    }
}
