package dev.waybill.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.testkit.DedicatedKafka;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A broker whose listener requires SASL/PLAIN: the producer settings pass through, a relay with the right
 * credentials publishes, one with wrong credentials is refused at start-up, one without any publishes nothing.
 */
@WaybillTest
class KafkaSaslIT {

    private static final String RELAY_PASSWORD = "relay-password-4711";
    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule required ";

    private static Map<String, String> saslBroker() {
        return Map.of(
                // The broker's client listener keeps its name but now speaks SASL; the controller's stays plain.
                "listener.security.protocol.map", "PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
                "sasl.enabled.mechanisms", "PLAIN",
                "sasl.mechanism.inter.broker.protocol", "PLAIN",
                "listener.name.plaintext.plain.sasl.jaas.config",
                        PLAIN + "username=\"admin\" password=\"admin-pw\" " + "user_admin=\"admin-pw\" user_waybill=\""
                                + RELAY_PASSWORD + "\";");
    }

    private static Map<String, String> withCredentials(Map<String, String> env, String password) {
        env.put("WAYBILL_KAFKA_PRODUCER_SECURITY_PROTOCOL", "SASL_PLAINTEXT");
        env.put("WAYBILL_KAFKA_PRODUCER_SASL_MECHANISM", "PLAIN");
        env.put(
                "WAYBILL_KAFKA_PRODUCER_SASL_JAAS_CONFIG",
                PLAIN + "username=\"waybill\" password=\"" + password + "\";");
        return env;
    }

    @Test
    void onlyTheRelayWithTheConfiguredCredentialsPublishes(TestDatabase database) throws Exception {
        RelayFixture.migrate(database);
        try (DedicatedKafka broker = DedicatedKafka.start(saslBroker())) {
            TestKafka kafka = authenticated(broker);
            OutboxEvent event = RelayFixture.order("ORD-810001", 1);
            RelayFixture.write(database, List.of(event));

            Map<String, String> wrong = withCredentials(RelayFixture.environment(database, kafka, "sasl"), "guess");
            assertThatThrownBy(() -> Relay.start(RelayFixture.config(wrong)))
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("refused the relay")
                    .hasMessageContaining("Authentication failed")
                    .hasMessageNotContaining("guess");

            Map<String, String> none = RelayFixture.environment(database, kafka, "sasl");
            none.put("WAYBILL_KAFKA_READINESS_TIMEOUT", "1s");
            try (Relay anonymous = Relay.start(RelayFixture.config(none))) {
                await().during(Duration.ofSeconds(5))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> anonymous.live() && !anonymous.ready());
            }

            try (Relay relay = Relay.start(RelayFixture.config(
                    withCredentials(RelayFixture.environment(database, kafka, "sasl"), RELAY_PASSWORD)))) {
                await().atMost(Duration.ofSeconds(60)).until(relay::ready);
                Map<String, List<ConsumerRecord<byte[], byte[]>>> records =
                        RelayFixture.read(kafka, Set.of(event.id().toString()), "orders.order-placed.v1");

                assertThat(records.get(event.id().toString()))
                        .as("published once, by the authenticated relay only")
                        .hasSize(1);
            }
        }
    }

    /** The broker as a test's own clients see it: with the admin's credentials. */
    private static TestKafka authenticated(DedicatedKafka broker) {
        return new TestKafka() {
            @Override
            public String backend() {
                return broker.backend();
            }

            @Override
            public String bootstrapServers() {
                return broker.bootstrapServers();
            }

            @Override
            public String uniqueTopic(String prefix) {
                return broker.uniqueTopic(prefix);
            }

            @Override
            public Properties clientProperties() {
                Properties properties = TestKafka.super.clientProperties();
                properties.setProperty("security.protocol", "SASL_PLAINTEXT");
                properties.setProperty("sasl.mechanism", "PLAIN");
                properties.setProperty("sasl.jaas.config", PLAIN + "username=\"admin\" password=\"admin-pw\";");
                return properties;
            }
        };
    }
}
