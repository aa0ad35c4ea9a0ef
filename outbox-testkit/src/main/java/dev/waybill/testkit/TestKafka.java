package dev.waybill.testkit;

import java.util.Properties;

/** A running Kafka broker (KRaft), shared by every test in the JVM. */
public interface TestKafka {

    /** Where the broker came from: {@code embedded}, {@code container} or {@code external}. */
    String backend();

    /** The {@code bootstrap.servers} value clients use. */
    String bootstrapServers();

    /** A topic name that no other test in this JVM (or an earlier run against the same broker) uses. */
    String uniqueTopic(String prefix);

    /** Client properties with {@code bootstrap.servers} set, to extend per client. */
    default Properties clientProperties() {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", bootstrapServers());
        return properties;
    }
}
