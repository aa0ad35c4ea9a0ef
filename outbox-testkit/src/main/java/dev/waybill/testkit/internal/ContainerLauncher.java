package dev.waybill.testkit.internal;

import dev.waybill.testkit.TestkitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Starts PostgreSQL and Kafka as containers through Testcontainers. Only touched when a Docker engine answers, so
 * machines without one never load more of Testcontainers than the availability check.
 */
public final class ContainerLauncher {

    private ContainerLauncher() {}

    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    public static PostgresEndpoint startPostgres(String image) {
        List<String> command = new ArrayList<>(List.of("postgres"));
        for (Map.Entry<String, String> setting : PostgresServerSettings.all().entrySet()) {
            command.add("-c");
            command.add(setting.getKey() + "=" + setting.getValue());
        }
        try {
            PostgreSQLContainer container = new PostgreSQLContainer(
                            DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                    .withUsername("postgres")
                    .withPassword("postgres")
                    .withCommand(command.toArray(String[]::new));
            container.start();
            return new PostgresEndpoint(
                    "container",
                    container.getHost(),
                    container.getMappedPort(5432),
                    "postgres",
                    "postgres",
                    container::stop);
        } catch (RuntimeException e) {
            throw new TestkitException("Could not start PostgreSQL container " + image + ": " + e.getMessage(), e);
        }
    }

    public static KafkaEndpoint startKafka(String image) {
        try {
            KafkaContainer container =
                    new KafkaContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"));
            container.start();
            return new KafkaEndpoint("container", container.getBootstrapServers(), container::stop);
        } catch (RuntimeException e) {
            throw new TestkitException("Could not start Kafka container " + image + ": " + e.getMessage(), e);
        }
    }
}
