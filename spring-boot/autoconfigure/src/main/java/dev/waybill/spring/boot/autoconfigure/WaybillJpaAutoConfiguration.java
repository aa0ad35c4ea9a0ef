package dev.waybill.spring.boot.autoconfigure;

import dev.waybill.jpa.OutboxSettings;
import dev.waybill.jpa.Outboxed;
import dev.waybill.outbox.OutboxWriter;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Hands {@code waybill.outbox.*} to outbox-jpa as Hibernate properties, with the application's {@link OutboxWriter}
 * (and so its meters): {@code @Outboxed} entities then write their events with it in the JPA transaction.
 */
@AutoConfiguration(
        after = WaybillAutoConfiguration.class,
        beforeName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnClass({Outboxed.class, HibernatePropertiesCustomizer.class})
@EnableConfigurationProperties(WaybillProperties.class)
public class WaybillJpaAutoConfiguration {

    @Bean
    HibernatePropertiesCustomizer waybillOutboxJpaProperties(
            WaybillProperties properties, ObjectProvider<OutboxWriter> writer) {
        WaybillProperties.Outbox outbox = properties.getOutbox();
        return hibernate -> {
            // Always set, so that waybill.outbox.enabled=false (no writer bean) switches the entities off too.
            hibernate.put(OutboxSettings.ENABLED, Boolean.toString(outbox.isEnabled()));
            hibernate.put(
                    OutboxSettings.VALIDATION, outbox.getValidation().name().toLowerCase(Locale.ROOT));
            if (outbox.getContracts() != null) {
                hibernate.put(OutboxSettings.CONTRACTS, outbox.getContracts());
            }
            writer.ifAvailable(available -> hibernate.put(OutboxSettings.WRITER, available));
        };
    }
}
