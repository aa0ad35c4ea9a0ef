package dev.waybill.relay.internal;

import dev.waybill.outbox.WaybillException;
import dev.waybill.relay.ConfigurationException;
import dev.waybill.relay.RelayConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The relay's Kafka clients, with the settings the relay owns, and the checks of Kafka's reachability. */
final class KafkaClients {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);

    private KafkaClients() {}

    /** The idempotent producer every event is sent with. */
    static Producer<byte[], byte[]> producer(RelayConfig config) {
        return new KafkaProducer<>(producerProperties(config), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** An admin client with the producer's connection settings (TLS, SASL), for health checks. */
    static Admin admin(RelayConfig config) {
        return Admin.create(clientProperties(config));
    }

    /** Whether the brokers answer within {@code timeout}. */
    static boolean answers(Admin admin, Duration timeout) {
        try {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Whether Kafka answers now. Wrong credentials or an untrusted certificate are configuration errors: refuse to start and say so, instead
     * of retrying for ever. A broker that does not answer yet is not: the relay starts and publishes once it does.
     *
     * @throws ConfigurationException when Kafka refuses the relay's credentials
     */
    static boolean checkAccess(Admin admin, RelayConfig config) {
        try {
            admin.describeCluster()
                    .nodes()
                    .get(config.kafka().readinessTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException) {
                throw new ConfigurationException(
                        "Kafka at " + config.kafka().bootstrapServers() + " refused the "
                                + "relay: " + e.getCause().getMessage() + " (check kafka.producer.security.protocol, "
                                + "sasl.mechanism, WAYBILL_KAFKA_PRODUCER_SASL_JAAS_CONFIG and the ssl.* settings)",
                        e.getCause());
            }
            LOG.warn(
                    "Kafka at {} cannot be used yet: {}; the relay starts and publishes once it can",
                    config.kafka().bootstrapServers(),
                    e.getCause().getMessage());
            return false;
        } catch (TimeoutException e) {
            LOG.warn(
                    "Kafka at {} did not answer within {}; the relay starts and publishes once it does",
                    config.kafka().bootstrapServers(),
                    config.kafka().readinessTimeout());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaybillException(
                    "Interrupted while checking Kafka at " + config.kafka().bootstrapServers(), e);
        }
    }

    private static Properties producerProperties(RelayConfig config) {
        Properties properties = clientProperties(config);
        // Defaults for latency and for riding out a Kafka outage: the producer keeps retrying rather than failing
        // the batch; the relay waits, and readiness says Kafka is gone. All can be overridden.
        properties.putIfAbsent("linger.ms", "1");
        properties.putIfAbsent("delivery.timeout.ms", Integer.toString(Integer.MAX_VALUE));
        properties.putIfAbsent("max.block.ms", Integer.toString(Integer.MAX_VALUE));
        properties.putIfAbsent("max.in.flight.requests.per.connection", "5");
        properties.putIfAbsent("compression.type", "none");
        properties.putIfAbsent("client.id", "waybill-relay-" + config.relay().name());
        // Owned by the relay (refused in the configuration): at-least-once, in order, without duplicates from retries.
        properties.put("enable.idempotence", "true");
        properties.put("acks", "all");
        return properties;
    }

    private static Properties clientProperties(RelayConfig config) {
        Properties properties = new Properties();
        Map<String, String> passthrough = new HashMap<>(config.kafka().producer());
        properties.putAll(passthrough);
        properties.put("bootstrap.servers", config.kafka().bootstrapServers());
        return properties;
    }
}
