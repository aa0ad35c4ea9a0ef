package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.relay.Relay;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelaySettings;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@WaybillTest
class CheckoutTest {

    @BeforeAll
    static void schema(TestDatabase db) throws Exception {
        WaybillMigrations.builder(db.dataSource()).build().migrate(); // the outbox table and its publication
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE orders (id text PRIMARY KEY, total_amount bigint NOT NULL)");
        }
    }

    @Test
    void aPlacedOrderReachesItsTopic(TestDatabase db, TestKafka kafka) throws Exception {
        RelayConfig config = RelayConfig.builder()
                .database(db.jdbcUrl(), db.username(), db.password())
                .kafka(kafka.bootstrapServers())
                .set(RelaySettings.CONTRACTS_DIRECTORY, Path.of("contracts"))
                .set(RelaySettings.HTTP_PORT, 0) // any free port for health and metrics
                .build();
        try (Relay relay = Relay.start(config)) {
            new Checkout(db.dataSource()).placeOrder("ORD-000042", 1999);

            ConsumerRecord<String, String> event = firstRecord(kafka, "orders.order-placed.v1");
            assertEquals("ORD-000042", event.key()); // the contract's primary key
            assertTrue(event.value().matches(".*\"totalAmount\": ?1999.*"), event.value()); // the payload
        }
    }

    private static ConsumerRecord<String, String> firstRecord(TestKafka kafka, String topic) {
        Properties properties = kafka.clientProperties();
        properties.setProperty("group.id", kafka.uniqueTopic("checkout-test"));
        properties.setProperty("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    return record;
                }
            }
        }
        throw new AssertionError("nothing arrived on " + topic + " within 60 s");
    }
}
