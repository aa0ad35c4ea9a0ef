package dev.waybill.testkit.internal;

import dev.waybill.testkit.TestkitException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * Starts a single-node Kafka (KRaft, combined broker and controller) inside the test JVM: the same broker code as
 * a real deployment, without Docker. Its storage is formatted with Kafka's own {@code kafka-storage} tool.
 */
public final class EmbeddedKafkaLauncher {

    private EmbeddedKafkaLauncher() {}

    public static KafkaEndpoint start() {
        return start(Map.of());
    }

    /**
     * @param overrides broker properties that replace or extend the defaults (for example SASL listeners)
     */
    public static KafkaEndpoint start(Map<String, String> overrides) {
        Broker broker = Broker.create(overrides);
        broker.start();
        return new KafkaEndpoint("embedded", broker.bootstrapServers(), broker::close);
    }

    /**
     * One embedded broker that can be stopped and started again with its ports and data, for tests of what happens
     * while Kafka is away.
     */
    public static final class Broker implements AutoCloseable {
        private final Properties properties;
        private final Path logDir;
        private final int brokerPort;
        private KafkaRaftServer server;

        private Broker(Properties properties, Path logDir, int brokerPort) {
            this.properties = properties;
            this.logDir = logDir;
            this.brokerPort = brokerPort;
        }

        public static Broker create(Map<String, String> overrides) {
            Path logDir = null;
            try {
                logDir = Files.createTempDirectory("waybill-kafka-");
                int brokerPort = freePort();
                int controllerPort = freePort();
                Properties properties = defaults(logDir, brokerPort, controllerPort);
                properties.putAll(overrides);
                format(properties, logDir);
                return new Broker(properties, logDir, brokerPort);
            } catch (IOException | RuntimeException e) {
                if (logDir != null) {
                    deleteRecursively(logDir);
                }
                throw new TestkitException(
                        "Could not prepare the embedded Kafka broker: " + e.getMessage() + ". Set "
                                + TestkitSettings.KAFKA_BOOTSTRAP_SERVERS + " to use an existing broker.",
                        e);
            }
        }

        public String bootstrapServers() {
            return "localhost:" + brokerPort;
        }

        public synchronized void start() {
            if (server != null) {
                return;
            }
            try {
                KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
                started.startup();
                server = started;
            } catch (RuntimeException e) {
                throw new TestkitException("Could not start the embedded Kafka broker: " + e.getMessage(), e);
            }
        }

        /** Stops the broker, keeping its data: {@link #start()} brings it back on the same port. */
        public synchronized void stop() {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
                server = null;
            }
        }

        @Override
        public synchronized void close() {
            stop();
            deleteRecursively(logDir);
        }
    }

    private static Properties defaults(Path logDir, int brokerPort, int controllerPort) {
        Properties properties = new Properties();
        properties.setProperty("process.roles", "broker,controller");
        properties.setProperty("node.id", "1");
        properties.setProperty("controller.quorum.voters", "1@localhost:" + controllerPort);
        properties.setProperty(
                "listeners", "PLAINTEXT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        properties.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + brokerPort);
        properties.setProperty("controller.listener.names", "CONTROLLER");
        properties.setProperty("inter.broker.listener.name", "PLAINTEXT");
        properties.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.setProperty("log.dirs", logDir.toString());
        properties.setProperty("num.partitions", "1");
        properties.setProperty("auto.create.topics.enable", "true");
        properties.setProperty("offsets.topic.replication.factor", "1");
        properties.setProperty("offsets.topic.num.partitions", "1");
        properties.setProperty("transaction.state.log.replication.factor", "1");
        properties.setProperty("transaction.state.log.min.isr", "1");
        properties.setProperty("share.coordinator.state.topic.replication.factor", "1");
        properties.setProperty("share.coordinator.state.topic.min.isr", "1");
        properties.setProperty("group.initial.rebalance.delay.ms", "0");
        return properties;
    }

    private static void format(Properties properties, Path logDir) throws IOException {
        Path config = logDir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            properties.store(out, "waybill testkit");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exit;
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exit = StorageTool.execute(
                    new String[] {
                        "format",
                        "--config",
                        config.toString(),
                        "--cluster-id",
                        Uuid.randomUuid().toString()
                    },
                    printStream);
        }
        if (exit != 0) {
            throw new IllegalStateException(
                    "kafka-storage format exited " + exit + ": " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    public static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
