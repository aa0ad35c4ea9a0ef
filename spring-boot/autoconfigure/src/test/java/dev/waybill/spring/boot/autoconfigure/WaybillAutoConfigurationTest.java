package dev.waybill.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.jpa.OutboxSettings;
import dev.waybill.jpa.Outboxed;
import dev.waybill.outbox.OutboxTable;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.outbox.WriteMode;
import dev.waybill.spring.boot.TransactionalOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Each condition of the auto-configuration, without a database: nothing here connects (the migrations are off or
 * absent), so a data source that points nowhere is enough.
 */
class WaybillAutoConfigurationTest {

    private static final AutoConfigurations WAYBILL = AutoConfigurations.of(
            WaybillMetricsAutoConfiguration.class,
            WaybillAutoConfiguration.class,
            WaybillJpaAutoConfiguration.class,
            WaybillMigrationsAutoConfiguration.class,
            WaybillHealthAutoConfiguration.class);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(WAYBILL)
            .withPropertyValues("waybill.migrations.enabled=false");

    private final ApplicationContextRunner withDataSource = runner.withUserConfiguration(NowhereDataSource.class);

    @Test
    void withoutADataSourceNothingIsConfigured() {
        runner.run(context -> assertThat(context)
                .hasNotFailed()
                .doesNotHaveBean(OutboxWriter.class)
                .doesNotHaveBean(TransactionalOutbox.class)
                .doesNotHaveBean(WaybillMigrationsInitializer.class)
                .doesNotHaveBean(HealthIndicator.class));
    }

    @Test
    void aDataSourceGivesTheDefaultWriterAndTheTransactionalOutbox() {
        withDataSource.run(context -> {
            assertThat(context).hasSingleBean(OutboxWriter.class).hasSingleBean(TransactionalOutbox.class);
            OutboxWriter writer = context.getBean(OutboxWriter.class);
            assertThat(writer.table()).isEqualTo(OutboxTable.DEFAULT);
            assertThat(writer.mode()).isEqualTo(WriteMode.TABLE);
            assertThat(context.getBean(TransactionalOutbox.class).writer()).isSameAs(writer);
        });
    }

    @Test
    void propertiesAndEnvironmentStyleNamesConfigureTheWriter() {
        withDataSource
                .withPropertyValues("waybill.outbox.schema=events")
                .withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .replace(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                new SystemEnvironmentPropertySource(
                                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                        Map.of("WAYBILL_OUTBOX_WRITE_MODE", "message"))))
                .run(context -> {
                    OutboxWriter writer = context.getBean(OutboxWriter.class);
                    assertThat(writer.table()).isEqualTo(new OutboxTable("events", "outbox"));
                    assertThat(writer.mode()).isEqualTo(WriteMode.MESSAGE);
                });
    }

    @Test
    void aBadTableNameStopsStartUpNamingTheProperty() {
        withDataSource
                .withPropertyValues("waybill.outbox.table=Outbox-Events")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("waybill.outbox.schema / waybill.outbox.table: outbox table "
                                + "'Outbox-Events' is not allowed"));
    }

    @Test
    void aWriteModeThatDoesNotExistStopsStartUpNamingTheProperty() {
        withDataSource
                .withPropertyValues("waybill.outbox.write-mode=queue")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("Failed to bind properties under 'waybill.outbox.write-mode'"));
    }

    @Test
    void switchedOffTheApplicationWritesNothingAndTheEntitiesAreToldSo() {
        withDataSource.withPropertyValues("waybill.outbox.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(OutboxWriter.class).doesNotHaveBean(TransactionalOutbox.class);
            assertThat(hibernateProperties(context.getBean(HibernatePropertiesCustomizer.class)))
                    .containsEntry(OutboxSettings.ENABLED, "false")
                    .doesNotContainKey(OutboxSettings.WRITER);
        });
    }

    @Test
    void theApplicationsOwnWriterIsTheOneUsedEverywhere() {
        withDataSource.withUserConfiguration(OwnWriter.class).run(context -> {
            OutboxWriter own = context.getBean(OutboxWriter.class);
            assertThat(own.table()).isEqualTo(new OutboxTable("mine", "events"));
            assertThat(context.getBean(TransactionalOutbox.class).writer()).isSameAs(own);
            assertThat(hibernateProperties(context.getBean(HibernatePropertiesCustomizer.class)))
                    .containsEntry(OutboxSettings.WRITER, own);
        });
    }

    @Test
    void entitiesGetTheWriterAndTheValidationSettings() {
        withDataSource
                .withPropertyValues("waybill.outbox.validation=enforce", "waybill.outbox.contracts=contracts")
                .run(context -> assertThat(hibernateProperties(context.getBean(HibernatePropertiesCustomizer.class)))
                        .containsEntry(OutboxSettings.ENABLED, "true")
                        .containsEntry(OutboxSettings.VALIDATION, "enforce")
                        .containsEntry(OutboxSettings.CONTRACTS, "contracts")
                        .containsEntry(OutboxSettings.WRITER, context.getBean(OutboxWriter.class)));
    }

    @Test
    void withoutOutboxJpaThereIsNoHibernateCustomizer() {
        withDataSource
                .withClassLoader(new FilteredClassLoader(Outboxed.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(OutboxWriter.class)
                        .doesNotHaveBean(HibernatePropertiesCustomizer.class));
    }

    @Test
    void withoutJpaAtAllTheWriterStillWorks() {
        withDataSource
                .withClassLoader(new FilteredClassLoader(HibernatePropertiesCustomizer.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(TransactionalOutbox.class)
                        .doesNotHaveBean(HibernatePropertiesCustomizer.class));
    }

    @Test
    void migrationsRunAtStartUpUnlessSwitchedOff() {
        // On by default: with a database that cannot be reached, the start fails in the migrations bean.
        new ApplicationContextRunner()
                .withConfiguration(WAYBILL)
                .withUserConfiguration(NowhereDataSource.class)
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasMessageContaining("Error creating bean with name '"
                                + WaybillMigrationsAutoConfiguration.BEAN_NAME + "'"));
        withDataSource.run(context -> assertThat(context).doesNotHaveBean(WaybillMigrationsInitializer.class));
    }

    @Test
    void withoutFlywayTheMigrationsAreLeftToTheApplication() {
        runner.withUserConfiguration(NowhereDataSource.class)
                .withPropertyValues("waybill.migrations.enabled=true")
                .withClassLoader(new FilteredClassLoader(Flyway.class))
                .run(context -> assertThat(context)
                        .hasSingleBean(OutboxWriter.class)
                        .doesNotHaveBean(WaybillMigrationsInitializer.class));
    }

    @Test
    void aMeterRegistryGivesWriteMeters() {
        withDataSource
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> assertThat(context).hasSingleBean(WriteMeters.class));
        withDataSource.run(context -> assertThat(context).doesNotHaveBean(WriteMeters.class));
    }

    @Test
    void theHealthContributorCanBeSwitchedOff() {
        withDataSource.run(context -> assertThat(context).hasBean("waybillHealthIndicator"));
        withDataSource
                .withPropertyValues("management.health.waybill.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("waybillHealthIndicator"));
    }

    private static Map<String, Object> hibernateProperties(HibernatePropertiesCustomizer customizer) {
        Map<String, Object> properties = new HashMap<>();
        customizer.customize(properties);
        return properties;
    }

    @Configuration(proxyBeanMethods = false)
    static class NowhereDataSource {
        @Bean
        DataSource dataSource() {
            return new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/none");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnWriter {
        @Bean
        OutboxWriter ownWriter() {
            return OutboxWriter.forTable(new OutboxTable("mine", "events"));
        }
    }
}
