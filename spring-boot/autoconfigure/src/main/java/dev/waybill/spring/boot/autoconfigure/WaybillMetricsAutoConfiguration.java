package dev.waybill.spring.boot.autoconfigure;

import dev.waybill.outbox.OutboxWriter;
import dev.waybill.outbox.WriteListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for the application's outbox writes, through a {@link WriteListener} that the configured
 * {@link OutboxWriter} (and so every {@code @Outboxed} entity) reports to.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass({MeterRegistry.class, OutboxWriter.class})
@ConditionalOnBean(MeterRegistry.class)
public class WaybillMetricsAutoConfiguration {

    @Bean
    WriteMeters waybillWriteMeters(MeterRegistry registry) {
        return new WriteMeters(registry);
    }
}
