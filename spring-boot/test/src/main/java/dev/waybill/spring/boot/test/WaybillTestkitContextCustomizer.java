package dev.waybill.spring.boot.test;

import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.Testkit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Creates the context's database, points the context at it and at the broker, and drops the database when the
 * context closes. Equal for equal settings, so that Spring's context cache keeps working: two test classes with the
 * same configuration share one context (and one database).
 */
public final class WaybillTestkitContextCustomizer implements ContextCustomizer {

    /** The name of the property source this customizer adds. */
    public static final String PROPERTY_SOURCE_NAME = "waybillTestkit";

    /** The bean name of the context's {@link TestDatabase}. */
    public static final String DATABASE_BEAN = "waybillTestDatabase";

    /** The bean name of the {@link TestKafka}, with {@link AutoConfigureWaybillTestkit#kafka()}. */
    public static final String KAFKA_BEAN = "waybillTestKafka";

    /** Property sources of the test framework that must keep winning over ours, lowest precedence last. */
    private static final List<String> TEST_PROPERTY_SOURCES =
            List.of("Dynamic Test Properties", TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME);

    private static final Logger LOG = LoggerFactory.getLogger(WaybillTestkitContextCustomizer.class);

    private final boolean kafka;

    WaybillTestkitContextCustomizer(boolean kafka) {
        this.kafka = kafka;
    }

    boolean kafka() {
        return kafka;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        TestDatabase database = Testkit.postgres().createDatabase("spring_test");
        TestKafka broker = kafka ? Testkit.kafka() : null;

        MapPropertySource source = new MapPropertySource(
                PROPERTY_SOURCE_NAME,
                properties(
                        database.jdbcUrl(),
                        database.username(),
                        database.password(),
                        broker == null ? null : broker.bootstrapServers()));
        MutablePropertySources sources = context.getEnvironment().getPropertySources();
        String after = null;
        for (String name : TEST_PROPERTY_SOURCES) {
            if (sources.contains(name)) {
                after = name;
            }
        }
        if (after == null) {
            sources.addFirst(source);
        } else {
            sources.addAfter(after, source);
        }

        ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        beanFactory.registerSingleton(DATABASE_BEAN, database);
        if (broker != null) {
            beanFactory.registerSingleton(KAFKA_BEAN, broker);
        }
        if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
            // Registered before any bean of the context, so destroyed after all of them: the connection pool and an
            // in-process relay are closed before the database goes.
            registry.registerDisposableBean(DATABASE_BEAN, () -> drop(database));
        } else {
            context.addApplicationListener((ApplicationListener<ContextClosedEvent>) event -> drop(database));
        }
    }

    /** The properties that point a Spring Boot application at the database and, if given, the broker. */
    static Map<String, Object> properties(String jdbcUrl, String username, String password, String bootstrapServers) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", jdbcUrl);
        properties.put("spring.datasource.username", username);
        properties.put("spring.datasource.password", password);
        // Test slices (@JdbcTest, @DataJpaTest) would put an embedded database in place of this one.
        properties.put("spring.test.database.replace", "none");
        if (bootstrapServers != null) {
            properties.put("spring.kafka.bootstrap-servers", bootstrapServers);
            properties.put("waybill.relay.kafka.bootstrap-servers", bootstrapServers);
        }
        return properties;
    }

    private static void drop(TestDatabase database) {
        try {
            database.close();
        } catch (RuntimeException e) {
            // At JVM exit the testkit's own shutdown hook may stop the server first; the database goes with it.
            LOG.debug("Could not drop {}", database, e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WaybillTestkitContextCustomizer that && that.kafka == kafka;
    }

    @Override
    public int hashCode() {
        return kafka ? 1_231 : 1_237;
    }

    @Override
    public String toString() {
        return "WaybillTestkitContextCustomizer[kafka=" + kafka + "]";
    }
}
