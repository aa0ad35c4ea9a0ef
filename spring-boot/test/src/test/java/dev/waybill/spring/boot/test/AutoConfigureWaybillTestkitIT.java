package dev.waybill.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestContextManager;

/** A {@code @SpringBootTest} with the annotation gets a real PostgreSQL with logical replication, and the broker. */
@SpringBootTest(classes = AutoConfigureWaybillTestkitIT.App.class)
@AutoConfigureWaybillTestkit
class AutoConfigureWaybillTestkitIT {

    @SpringBootConfiguration
    @ImportAutoConfiguration(DataSourceAutoConfiguration.class)
    static class App {}

    @Autowired
    DataSource dataSource;

    @Autowired
    TestDatabase database;

    @Autowired
    TestKafka kafka;

    @Autowired
    Environment environment;

    @Test
    void theDataSourceIsBootsPoolOnTheContextsOwnDatabaseWithLogicalReplication() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);

        assertThat(dataSource.getClass().getName()).isEqualTo("com.zaxxer.hikari.HikariDataSource");
        assertThat(jdbc.queryForObject("SELECT current_database()", String.class))
                .isEqualTo(database.name());
        assertThat(jdbc.queryForObject("SHOW wal_level", String.class)).isEqualTo("logical");
        // What the relay will do: a logical replication slot with pgoutput.
        jdbc.queryForObject(
                "SELECT slot_name FROM pg_create_logical_replication_slot('probe', 'pgoutput')", String.class);
        jdbc.queryForObject("SELECT pg_drop_replication_slot('probe')::text", String.class);
    }

    @Test
    void theKafkaPropertiesPointAtAReachableBroker() throws Exception {
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo(kafka.bootstrapServers());
        assertThat(environment.getProperty("waybill.relay.kafka.bootstrap-servers"))
                .isEqualTo(kafka.bootstrapServers());
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
                    .isNotEmpty();
        }
    }

    @Test
    void publishedEventsAwaitsRecordsFromTheBeginningWithTheirHeaders() {
        String topic = kafka.uniqueTopic("published-events");
        Properties properties = kafka.clientProperties();
        properties.put("key.serializer", StringSerializer.class.getName());
        properties.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
            for (String key : List.of("ORD-1", "ORD-2", "ORD-1")) {
                ProducerRecord<String, String> record =
                        new ProducerRecord<>(topic, key, "{\"orderId\":\"" + key + "\"}");
                record.headers().add("ce_id", ("id-" + key).getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_waybillcontract", "orders.order-created".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
        }

        PublishedEvents events = PublishedEvents.on(kafka);
        assertThat(events.await(topic, 2, event -> "ORD-1".equals(event.key())))
                .extracting(PublishedEvent::id, PublishedEvent::contract, PublishedEvent::value)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "id-ORD-1", "orders.order-created", "{\"orderId\":\"ORD-1\"}"),
                        org.assertj.core.groups.Tuple.tuple(
                                "id-ORD-1", "orders.order-created", "{\"orderId\":\"ORD-1\"}"));
        assertThat(events.await(topic, 3)).extracting(PublishedEvent::key).containsExactly("ORD-1", "ORD-2", "ORD-1");
        assertThatThrownBy(() -> events.within(Duration.ofSeconds(1)).await(topic, 4))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expected at least 4 matching record(s) on topic " + topic)
                .hasMessageContaining("read 3 record(s), 3 matching");
    }

    @Test
    void aTopicThatDoesNotExistIsWaitedForAndNotCreated() throws Exception {
        String topic = kafka.uniqueTopic("never");
        assertThatThrownBy(() ->
                        PublishedEvents.on(kafka).within(Duration.ofSeconds(1)).await(topic, 1))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("read 0 record(s)");
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(topic);
        }
    }

    @Test
    void anotherTestClassWithTheSameConfigurationSharesTheCachedContext(ApplicationContext context) throws Exception {
        ApplicationContext other =
                new TestContextManager(SameConfiguration.class).getTestContext().getApplicationContext();
        assertThat(other).isSameAs(context);
    }

    @SpringBootTest(classes = App.class)
    @AutoConfigureWaybillTestkit
    static class SameConfiguration {}
}
