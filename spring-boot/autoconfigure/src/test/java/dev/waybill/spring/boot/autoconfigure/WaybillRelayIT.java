package dev.waybill.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.relay.RelayRole;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The relay inside a Spring application ({@code waybill.relay.enabled=true}) on real PostgreSQL and Kafka: it starts
 * with the context after the Waybill migrations, publishes, drains when the context closes, and with two
 * applications on one database one relay is active and the other takes over when it goes.
 */
@WaybillTest
class WaybillRelayIT {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    DataSourceAutoConfiguration.class,
                    WaybillMigrationsAutoConfiguration.class,
                    WaybillRelayAutoConfiguration.class,
                    org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration
                            .class));

    @Test
    void relayInTheContextPublishesWrittenEventsAndStoresItsPositionWhenTheContextCloses(
            TestDatabase database, TestKafka kafka) throws Exception {
        // Stored only on a graceful stop: a relay that did not drain would publish the events again.
        String[] properties = RelayTesting.properties(
                database, kafka, "waybill.relay.name=drain", "waybill.relay.capture.offset-flush-interval=1h");
        MeterRegistry meters = new SimpleMeterRegistry();
        Set<String> first = new HashSet<>();
        runner.withPropertyValues(properties)
                .withBean(MeterRegistry.class, () -> meters)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(WaybillRelay.class);
                    WaybillRelay relay = context.getBean(WaybillRelay.class);
                    assertThat(relay.config().http().enabled()).isFalse();
                    assertThat(relay.config().database().url()).isEqualTo(database.jdbcUrl());
                    awaitRole(context, RelayRole.ACTIVE);
                    first.addAll(write(database, "ORD-100001", 50));

                    assertThat(RelayTesting.read(kafka, first).keySet()).containsAll(first);
                    await().atMost(Duration.ofSeconds(30))
                            .untilAsserted(() -> assertThat(meters.find("waybill_events_published_total")
                                            .tag("relay", "drain")
                                            .counter())
                                    .isNotNull()
                                    .extracting(counter -> counter.count())
                                    // At least: the other test's rows in this class's outbox are published too
                                    // (snapshot).
                                    .satisfies(count -> assertThat(count).isGreaterThanOrEqualTo(50.0)));
                    assertThat(context.getBean(org.springframework.boot.health.registry.HealthContributorRegistry.class)
                                    .getContributor("waybillRelay"))
                            .as("Boot's registry has the contributor waybillRelay")
                            .isInstanceOf(WaybillRelayHealthIndicator.class);
                    Health health = health(context);
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails())
                            .containsEntry("role", "active")
                            .containsEntry("ready", true);
                });
        assertThat(meters.find("waybill_events_published_total").counter())
                .as("the relay's meters leave the registry with it")
                .isNull();

        Set<String> second = new HashSet<>();
        runner.withPropertyValues(properties).run(context -> {
            assertThat(context).hasNotFailed();
            awaitRole(context, RelayRole.ACTIVE);
            second.addAll(write(database, "ORD-100002", 5));
            assertThat(RelayTesting.read(kafka, second).keySet()).containsAll(second);
        });
        Set<String> all = new HashSet<>(first);
        all.addAll(second);
        Map<String, List<ConsumerRecord<byte[], byte[]>>> records =
                RelayTesting.read(kafka, all, Duration.ofSeconds(2));
        assertThat(records.keySet()).containsAll(all);
        records.forEach((id, copies) -> assertThat(copies)
                .as("copies of %s (the first relay stored its position)", id)
                .hasSize(1));
        RelayTesting.assertPerAggregateOrder(records);
    }

    @Test
    void eventsWrittenWhileTheWebServerShutsDownGracefullyArePublished(TestDatabase database, TestKafka kafka) {
        // Stands for the web server's graceful shutdown: it stops before the relay, and a request in flight writes.
        class RequestInFlight implements org.springframework.context.SmartLifecycle {
            private volatile boolean running;
            private volatile boolean relayRan;
            private final Set<String> published = new HashSet<>();

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                running = false;
                relayRan = relay != null && relay.isRunning();
                try {
                    Set<String> ids = write(database, "ORD-100005", 3);
                    published.addAll(RelayTesting.read(kafka, ids).keySet());
                    published.retainAll(ids);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE - 1024; // WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE
            }

            WaybillRelay relay;
        }
        RequestInFlight request = new RequestInFlight();
        runner.withPropertyValues(RelayTesting.properties(database, kafka, "waybill.relay.name=late"))
                .withBean(RequestInFlight.class, () -> request)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    request.relay = context.getBean(WaybillRelay.class);
                    awaitRole(context, RelayRole.ACTIVE);
                });
        assertThat(request.relayRan)
                .as("the relay runs while the web server shuts down")
                .isTrue();
        assertThat(request.published).as("events written then are published").hasSize(3);
        assertThat(WaybillRelay.PHASE).isLessThan(Integer.MAX_VALUE - 2048); // and after the server stopped
    }

    @Test
    void twoApplicationsOnOneDatabaseShareTheStreamAndTheStandbyTakesOver(TestDatabase database, TestKafka kafka)
            throws Exception {
        String[] properties = RelayTesting.properties(database, kafka, "waybill.relay.name=pair");
        try (ConfigurableApplicationContext one = start(properties, "one")) {
            awaitRole(one, RelayRole.ACTIVE);
            ConfigurableApplicationContext two = start(properties, "two");
            try {
                await().during(Duration.ofSeconds(2))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> role(two) == RelayRole.STANDBY && role(one) == RelayRole.ACTIVE);
                Health standby = health(two);
                assertThat(standby.getStatus()).isEqualTo(Status.UP);
                assertThat(standby.getDetails()).containsEntry("role", "standby");

                Set<String> before = write(database, "ORD-100003", 20);
                assertThat(RelayTesting.read(kafka, before).keySet()).containsAll(before);

                one.close();
                awaitRole(two, RelayRole.ACTIVE);
                Set<String> after = write(database, "ORD-100004", 20);
                Set<String> all = new HashSet<>(before);
                all.addAll(after);
                Map<String, List<ConsumerRecord<byte[], byte[]>>> records = RelayTesting.read(kafka, all);
                assertThat(records.keySet()).containsAll(all);
                RelayTesting.assertPerAggregateOrder(records);
            } finally {
                two.close();
            }
        }
    }

    private ConfigurableApplicationContext start(String[] properties, String instance) {
        ConfigurableApplicationContext[] started = new ConfigurableApplicationContext[1];
        // The runner closes its context when the callback returns: build one that stays open instead.
        org.springframework.boot.builder.SpringApplicationBuilder builder =
                new org.springframework.boot.builder.SpringApplicationBuilder(Application.class)
                        .web(org.springframework.boot.WebApplicationType.NONE)
                        .properties(properties)
                        .properties("waybill.relay.instance=" + instance);
        started[0] = builder.run();
        return started[0];
    }

    /** A context with the three auto-configurations, as the runner makes them. */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @org.springframework.context.annotation.Import({
        DataSourceAutoConfiguration.class,
        WaybillMigrationsAutoConfiguration.class,
        WaybillRelayAutoConfiguration.class
    })
    static class Application {}

    private static Set<String> write(TestDatabase database, String aggregate, int count) throws Exception {
        List<OutboxEvent> events = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            events.add(RelayTesting.order(aggregate, i));
        }
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            OutboxWriter.create().writeAll(connection, events);
            connection.commit();
        }
        Set<String> ids = new HashSet<>();
        events.forEach(event -> ids.add(event.id().toString()));
        return ids;
    }

    private static RelayRole role(org.springframework.context.ApplicationContext context) {
        WaybillRelay relay = context.getBean(WaybillRelay.class);
        return relay.relay() == null ? null : relay.relay().role();
    }

    private static void awaitRole(org.springframework.context.ApplicationContext context, RelayRole role) {
        await().atMost(Duration.ofSeconds(60))
                .until(() -> role(context) == role
                        && (role == RelayRole.STANDBY
                                || context.getBean(WaybillRelay.class).relay().ready()));
    }

    private static Health health(org.springframework.context.ApplicationContext context) {
        return context.getBean("waybillRelayHealthIndicator", HealthIndicator.class)
                .health();
    }
}
