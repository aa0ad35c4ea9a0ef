package dev.waybill.testkit;

import dev.waybill.testkit.internal.EmbeddedKafkaLauncher;
import java.util.Map;
import java.util.UUID;

/**
 * A Kafka broker of a test's own (embedded, in the test JVM) that the test may stop and start again, to check what
 * happens while Kafka is away. Stopping keeps its data and port. Close it when done.
 */
public final class DedicatedKafka implements TestKafka, AutoCloseable {

    private final EmbeddedKafkaLauncher.Broker broker;

    private DedicatedKafka(EmbeddedKafkaLauncher.Broker broker) {
        this.broker = broker;
    }

    /** A started broker. */
    public static DedicatedKafka start() {
        return start(Map.of());
    }

    /** A started broker with extra broker settings (for example SASL listeners). */
    public static DedicatedKafka start(Map<String, String> brokerProperties) {
        EmbeddedKafkaLauncher.Broker broker = EmbeddedKafkaLauncher.Broker.create(brokerProperties);
        broker.start();
        return new DedicatedKafka(broker);
    }

    /** Takes the broker away: clients see connections refused. */
    public void stop() {
        broker.stop();
    }

    /** Brings the broker back, with its topics and data, on the same port. */
    public void restart() {
        broker.start();
    }

    @Override
    public String backend() {
        return "embedded";
    }

    @Override
    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    @Override
    public String uniqueTopic(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        broker.close();
    }
}
