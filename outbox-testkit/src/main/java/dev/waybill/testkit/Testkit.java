package dev.waybill.testkit;

import dev.waybill.testkit.internal.ContainerLauncher;
import dev.waybill.testkit.internal.EmbeddedKafkaLauncher;
import dev.waybill.testkit.internal.EmbeddedPostgresLauncher;
import dev.waybill.testkit.internal.KafkaEndpoint;
import dev.waybill.testkit.internal.PostgresEndpoint;
import dev.waybill.testkit.internal.TestkitSettings;
import dev.waybill.testkit.internal.TestkitSettings.Backend;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL and Kafka for tests, started once per JVM on first use and stopped when the JVM exits. Use it
 * directly from any test framework, or through {@link WaybillTest} in JUnit 5.
 *
 * <p>Which services: an existing server when {@code WAYBILL_TESTKIT_POSTGRES_URL} or
 * {@code WAYBILL_TESTKIT_KAFKA_BOOTSTRAP_SERVERS} is set; otherwise containers where a Docker engine answers and
 * embedded binaries everywhere else ({@code WAYBILL_TESTKIT_BACKEND} forces one). See {@code docs/testkit.md}.
 */
public final class Testkit {

    private static final Logger LOG = LoggerFactory.getLogger(Testkit.class);
    private static final Deque<AutoCloseable> STARTED = new ArrayDeque<>();
    private static PostgresServer postgres;
    private static KafkaBroker kafka;
    private static Boolean dockerAvailable;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(Testkit::stopAll, "waybill-testkit-shutdown"));
    }

    private Testkit() {}

    /** The shared PostgreSQL server, started on first call. */
    public static synchronized TestPostgres postgres() {
        if (postgres == null) {
            TestkitSettings settings = TestkitSettings.fromEnvironment();
            long started = System.nanoTime();
            postgres = new PostgresServer(startPostgres(settings));
            STARTED.push(postgres);
            LOG.debug("{} ready in {} ms", postgres, (System.nanoTime() - started) / 1_000_000);
        }
        return postgres;
    }

    /** The shared Kafka broker, started on first call. */
    public static synchronized TestKafka kafka() {
        if (kafka == null) {
            TestkitSettings settings = TestkitSettings.fromEnvironment();
            long started = System.nanoTime();
            kafka = new KafkaBroker(startKafka(settings));
            STARTED.push(kafka);
            LOG.debug("{} ready in {} ms", kafka, (System.nanoTime() - started) / 1_000_000);
        }
        return kafka;
    }

    private static PostgresEndpoint startPostgres(TestkitSettings settings) {
        if (settings.postgresUrl().isPresent()) {
            return external(settings);
        }
        return useContainers(settings.backend())
                ? ContainerLauncher.startPostgres(settings.postgresImage())
                : EmbeddedPostgresLauncher.start();
    }

    private static KafkaEndpoint startKafka(TestkitSettings settings) {
        if (settings.kafkaBootstrapServers().isPresent()) {
            return new KafkaEndpoint(
                    "external", settings.kafkaBootstrapServers().get(), () -> {});
        }
        return useContainers(settings.backend())
                ? ContainerLauncher.startKafka(settings.kafkaImage())
                : EmbeddedKafkaLauncher.start();
    }

    private static PostgresEndpoint external(TestkitSettings settings) {
        String url = settings.postgresUrl().get();
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new TestkitException(TestkitSettings.POSTGRES_URL + "='" + url
                    + "' is not a PostgreSQL JDBC URL: expected jdbc:postgresql://host:port/database");
        }
        URI uri = URI.create(url.substring("jdbc:".length()));
        int port = uri.getPort() == -1 ? 5432 : uri.getPort();
        return new PostgresEndpoint(
                "external", uri.getHost(), port, settings.postgresUser(), settings.postgresPassword(), () -> {});
    }

    private static boolean useContainers(Backend backend) {
        switch (backend) {
            case EMBEDDED:
                return false;
            case CONTAINERS:
                if (!docker()) {
                    throw new TestkitException(TestkitSettings.BACKEND
                            + "=containers but no Docker engine answers; unset it to use embedded binaries");
                }
                return true;
            default:
                return docker();
        }
    }

    private static boolean docker() {
        if (dockerAvailable == null) {
            dockerAvailable = ContainerLauncher.dockerAvailable();
        }
        return dockerAvailable;
    }

    private static synchronized void stopAll() {
        while (!STARTED.isEmpty()) {
            AutoCloseable service = STARTED.pop();
            try {
                service.close();
            } catch (Exception e) {
                // The JVM is exiting: nothing can act on this any more except a human reading the log.
                LOG.warn("Could not stop {} cleanly", service, e);
            }
        }
    }
}
