package dev.waybill.collector.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Whether the brokers answer, asked every few seconds: the Kafka part of {@code /health/ready}. */
public final class KafkaHealth implements AutoCloseable {

    private final Admin admin;
    private volatile boolean reachable;

    public KafkaHealth(String bootstrapServers, Map<String, String> clientProperties) {
        Map<String, Object> properties = new java.util.HashMap<>();
        // TLS and SASL settings of the producer apply to the admin client too; others are not its business.
        clientProperties.forEach((key, value) -> {
            if (key.startsWith("security.") || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                properties.put(key, value);
            }
        });
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        properties.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "1000");
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "waybill-collector-health");
        this.admin = Admin.create(properties);
    }

    /** Asks the brokers once (blocking, at most {@code timeout}). */
    public boolean check(Duration timeout) {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
                    .nodes()
                    .get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            reachable = true;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            reachable = false;
        }
        return reachable;
    }

    public boolean reachable() {
        return reachable;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
