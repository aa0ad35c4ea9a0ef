package dev.waybill.spring.boot.autoconfigure;

import dev.waybill.outbox.WaybillException;
import dev.waybill.relay.RelayConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The relay inside the application ({@code waybill.relay.enabled=true}): the sidecar's relay, configured by {@code
 * waybill.relay.<key>} with the keys of {@code docs/relay.md} (the {@code relay.} section's without it: {@code
 * waybill.relay.name}), started with the context after the Waybill migrations and stopped gracefully after the web
 * server. Several replicas of the application share the stream as sidecars do: one relay is active, the others wait
 * on standby. Defaults come from the application: the database from {@code spring.datasource.*}, the brokers from
 * {@code spring.kafka.bootstrap-servers}, the outbox from {@code waybill.outbox.schema}/{@code table}; the relay's
 * own HTTP endpoints are off (Actuator reports its health as {@code waybillRelay}, its meters go to the
 * application's registry).
 */
@AutoConfiguration(
        after = WaybillMigrationsAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
        })
@ConditionalOnBooleanProperty(WaybillRelayAutoConfiguration.ENABLED)
public class WaybillRelayAutoConfiguration {

    /** The property that turns the relay on. */
    public static final String ENABLED = "waybill.relay.enabled";

    /** Where the relay's settings live: {@code waybill.relay.<key>}. */
    public static final String PREFIX = "waybill.relay.";

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "dev.waybill.relay.Relay")
    static class RelayConfiguration {

        @Bean
        @ConditionalOnMissingBean
        WaybillRelay waybillRelay(
                Environment environment, ListableBeanFactory beans, ObjectProvider<MeterRegistry> meterRegistry) {
            awaitMigrations(beans);
            RelayConfig config = RelayConfig.fromProperties(relayProperties(environment, beans), PREFIX);
            return new WaybillRelay(config, meterRegistry.getIfUnique());
        }

        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass(HealthIndicator.class)
        @ConditionalOnEnabledHealthIndicator("waybillRelay")
        static class RelayHealthConfiguration {

            @Bean
            @ConditionalOnMissingBean(name = "waybillRelayHealthIndicator")
            HealthIndicator waybillRelayHealthIndicator(WaybillRelay relay) {
                return new WaybillRelayHealthIndicator(relay);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("dev.waybill.relay.Relay")
    static class RelayMissingConfiguration {

        @Bean
        Object waybillRelay() {
            throw new WaybillException(ENABLED + "=true, but the relay is not on the class path: add the dependency "
                    + "dev.waybill:outbox-relay (or set " + ENABLED + "=false and run the relay as a sidecar)");
        }
    }

    /**
     * The relay starts after the Waybill migrations (they create what it checks: the outbox, the publication, the
     * offsets table); lifecycle start comes after every singleton anyway, this makes the order explicit.
     */
    private static void awaitMigrations(ListableBeanFactory beans) {
        if (beans.containsBean(WaybillMigrationsAutoConfiguration.BEAN_NAME)) {
            beans.getBean(WaybillMigrationsAutoConfiguration.BEAN_NAME);
        }
        String type = "dev.waybill.spring.boot.autoconfigure.WaybillMigrationsInitializer";
        if (ClassUtils.isPresent("dev.waybill.migrations.WaybillMigrations", null)
                && ClassUtils.isPresent(type, null)) {
            Class<?> initializer = ClassUtils.resolveClassName(type, null);
            for (String name : beans.getBeanNamesForType(initializer)) {
                beans.getBean(name);
            }
        }
    }

    /**
     * Every {@code waybill.relay.*} property (but {@code enabled}) as a flat map of relay keys, with the
     * application's defaults where the relay's are not set.
     */
    static Map<String, String> relayProperties(Environment environment, ListableBeanFactory beans) {
        Binder binder = Binder.get(environment);
        Map<String, String> properties =
                new TreeMap<>(binder.bind("waybill.relay", Bindable.mapOf(String.class, String.class))
                        .orElse(Map.of()));
        properties.keySet().removeIf(key -> canonical(key).equals("enabled"));
        if (ClassUtils.isPresent("org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails", null)) {
            JdbcDefaults.apply(properties, beans);
        }
        binder.bind("spring.kafka.bootstrap-servers", Bindable.listOf(String.class))
                .ifBound(servers -> setIfAbsent(properties, "kafka.bootstrap-servers", String.join(",", servers)));
        setIfAbsent(properties, "database.schema", environment.getProperty("waybill.outbox.schema"));
        setIfAbsent(properties, "database.table", environment.getProperty("waybill.outbox.table"));
        setIfAbsent(properties, "http.enabled", "false");
        return properties;
    }

    /** Sets {@code key} unless the application set it (in any relaxed form) or {@code value} is empty. */
    static void setIfAbsent(Map<String, String> properties, String key, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        String wanted = canonical(key);
        if (properties.keySet().stream().noneMatch(given -> canonical(given).equals(wanted))) {
            properties.put(key, value);
        }
    }

    private static String canonical(String key) {
        return key.toLowerCase(java.util.Locale.ROOT)
                .replace("-", "")
                .replace("_", "")
                .replace(".", "");
    }

    /** The database from the application's {@code JdbcConnectionDetails} ({@code spring.datasource.*}). */
    private static final class JdbcDefaults {

        static void apply(Map<String, String> properties, ListableBeanFactory beans) {
            org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails details = beans.getBeanProvider(
                            org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails.class)
                    .getIfUnique();
            if (details == null || details.getJdbcUrl() == null) {
                return;
            }
            setIfAbsent(properties, "database.url", details.getJdbcUrl());
            if (!List.of("database.user", "database.password").stream()
                    .anyMatch(key -> properties.keySet().stream()
                            .anyMatch(given -> canonical(given).equals(canonical(key))))) {
                // The application's user and password go together: with a relay user of its own, neither is used.
                setIfAbsent(properties, "database.user", details.getUsername());
                setIfAbsent(properties, "database.password", details.getPassword());
            }
        }
    }
}
