package dev.waybill.dlq.internal;

import dev.waybill.outbox.WaybillException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka clients of one {@code waybill dlq} command: the brokers, the operator's client properties
 * ({@code --command-config}, for TLS and SASL, as Kafka's own tools take them) and how long to wait for an answer.
 */
public final class KafkaAccess {

    private final String bootstrapServers;
    private final Properties clientProperties;
    private final Duration timeout;

    public KafkaAccess(String bootstrapServers, Properties clientProperties, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.clientProperties = new Properties();
        this.clientProperties.putAll(clientProperties);
        this.clientProperties.setProperty("bootstrap.servers", bootstrapServers);
        this.timeout = timeout;
    }

    /** Reads a Kafka client properties file. */
    public static Properties commandConfig(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            throw new WaybillException("--command-config " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new WaybillException(
                    "--command-config " + file + " cannot be read as Kafka client properties: " + e.getMessage());
        }
        return properties;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Every topic of the cluster; also the connection check.
     *
     * @throws WaybillException naming the brokers and the timeout when they do not answer in time
     */
    public Set<String> topics() {
        Properties properties = client();
        properties.setProperty("request.timeout.ms", Long.toString(timeout.toMillis()));
        properties.setProperty("default.api.timeout.ms", Long.toString(timeout.toMillis()));
        try (Admin admin = Admin.create(properties)) {
            return new TreeSet<>(admin.listTopics(new ListTopicsOptions().timeoutMs((int) timeout.toMillis()))
                    .names()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WaybillException("interrupted while connecting to Kafka at " + bootstrapServers);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw connectionFailure(e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    /** What a connection failure tells the operator: the brokers, the timeout, the settings to check. */
    public WaybillException connectionFailure(Throwable cause) {
        if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
            return new WaybillException("Kafka at " + bootstrapServers + " refused this client: " + cause.getMessage()
                    + "; check the security settings in --command-config");
        }
        if (cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new WaybillException("Kafka at " + bootstrapServers + " did not answer within "
                    + seconds(timeout) + " (--timeout): check --bootstrap-servers (or WAYBILL_KAFKA_BOOTSTRAP_SERVERS),"
                    + " that the brokers run, and --command-config for TLS/SASL");
        }
        return new WaybillException(
                "Kafka at " + bootstrapServers + " cannot be used (--bootstrap-servers, --command-config): " + cause,
                cause);
    }

    /**
     * A consumer that reads committed records only and never commits by itself.
     *
     * @param groupId the consumer group whose committed offsets it reads (and a replay commits), or {@code null}
     */
    public KafkaConsumer<byte[], byte[]> consumer(String groupId) {
        Properties properties = client();
        properties.setProperty("isolation.level", "read_committed");
        properties.setProperty("enable.auto.commit", "false");
        properties.setProperty("auto.offset.reset", "earliest");
        // Looking at a topic must not create it.
        properties.setProperty("allow.auto.create.topics", "false");
        properties.setProperty("default.api.timeout.ms", Long.toString(timeout.toMillis()));
        properties.setProperty("client.id", "waybill-dlq");
        if (groupId != null) {
            properties.setProperty("group.id", groupId);
        }
        return new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A transactional producer: a new one with the same id fences an older one that is still running. */
    public KafkaProducer<byte[], byte[]> transactionalProducer(String transactionalId, Duration transactionTimeout) {
        Properties properties = client();
        properties.setProperty("transactional.id", transactionalId);
        properties.setProperty("transaction.timeout.ms", Long.toString(transactionTimeout.toMillis()));
        properties.setProperty("enable.idempotence", "true");
        properties.setProperty("acks", "all");
        properties.setProperty("max.block.ms", Long.toString(timeout.toMillis()));
        properties.setProperty("client.id", "waybill-dlq-" + transactionalId);
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private Properties client() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        return properties;
    }

    static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }
}
