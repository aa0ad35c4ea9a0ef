package dev.waybill.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives the Spring test context a database of its own on the testkit's PostgreSQL (logical replication on), and the
 * testkit's shared Kafka broker. Put it next to {@code @SpringBootTest} (or a slice such as {@code @JdbcTest}):
 *
 * <pre>{@code
 * @SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
 * @AutoConfigureWaybillTestkit
 * class CheckoutIT { ... }
 * }</pre>
 *
 * <p>When the context starts, a new database is created with {@code Testkit.postgres().createDatabase(...)}, and a
 * property source sets {@code spring.datasource.url}, {@code spring.datasource.username},
 * {@code spring.datasource.password}, {@code spring.test.database.replace=none} (so that slices keep this database
 * rather than put an embedded one in its place) and, unless {@link #kafka()} is {@code false},
 * {@code spring.kafka.bootstrap-servers} and {@code waybill.relay.kafka.bootstrap-servers}. These win over
 * {@code application.yaml} and environment variables; {@code @SpringBootTest(properties = ...)},
 * {@code @TestPropertySource} and {@code @DynamicPropertySource} still win over them. The database is dropped, with
 * any replication slot in it, when the context closes (after its beans are destroyed).
 *
 * <p>The context also holds the {@link dev.waybill.testkit.TestDatabase} (bean {@value
 * WaybillTestkitContextCustomizer#DATABASE_BEAN}) and, with Kafka, the {@link dev.waybill.testkit.TestKafka} (bean
 * {@value WaybillTestkitContextCustomizer#KAFKA_BEAN}), to inject into tests.
 *
 * <p>Test classes with the same configuration and the same attributes here share one cached context, and so one
 * database: clean up what a test leaves behind, or give each test data of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface AutoConfigureWaybillTestkit {

    /**
     * Whether to start (or join) the testkit's Kafka broker and point {@code spring.kafka.bootstrap-servers} and
     * {@code waybill.relay.kafka.bootstrap-servers} at it. {@code false} saves the broker's start-up in tests that
     * only write events.
     */
    boolean kafka() default true;
}
