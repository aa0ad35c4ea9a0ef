package dev.waybill.testkit;

import dev.waybill.testkit.internal.KafkaEndpoint;
import java.util.Locale;
import java.util.UUID;

/** The shared broker behind {@link TestKafka}. */
final class KafkaBroker implements TestKafka, AutoCloseable {

    private final KafkaEndpoint endpoint;

    KafkaBroker(KafkaEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public String backend() {
        return endpoint.backend();
    }

    @Override
    public String bootstrapServers() {
        return endpoint.bootstrapServers();
    }

    @Override
    public String uniqueTopic(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        return clean + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() throws Exception {
        endpoint.stopper().close();
    }

    @Override
    public String toString() {
        return "TestKafka[" + backend() + " at " + bootstrapServers() + "]";
    }
}
