package dev.waybill.connect;

import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.testkit.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * What the Connect integration tests share: the plugin unzipped from the archive the build produced into a
 * {@code plugin.path} of its own, an in-JVM Connect cluster (its own broker) that finds it by
 * {@code plugin.discovery=service_load}, and the connector configuration docs/connect.md shows. Also in the module's
 * test jar, for the benchmarks' Connect section (the methods that take the archive and docs/connect.md as arguments).
 */
public final class ConnectFixture {

    static final String TRANSFORM = "dev.waybill.connect.ContractRouter";
    static final String DEBEZIUM = "io.debezium.connector.postgresql.PostgresConnector";
    private static final Path DOCS = Path.of("../docs/connect.md");

    private ConnectFixture() {}

    /** The archive the package phase built (Failsafe passes its path). */
    static Path archive() {
        String path = System.getProperty("waybill.connect.plugin");
        if (path == null) {
            throw new IllegalStateException("run with Failsafe after package: waybill.connect.plugin is not set");
        }
        return Path.of(path);
    }

    /** Unzips the archive the package phase built into {@code pluginPath}, as a user installs it. */
    static Path install(Path pluginPath) throws IOException {
        return install(archive(), pluginPath);
    }

    /** Unzips {@code archive} (a {@code waybill-connect-<version>-plugin.zip}) into {@code pluginPath}. */
    public static Path install(Path archive, Path pluginPath) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                Path target = pluginPath.resolve(entry.getName()).normalize();
                if (!target.startsWith(pluginPath)) {
                    throw new IOException("entry outside the plugin path: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
        }
        return pluginPath;
    }

    /** A Connect cluster with its own broker, loading plugins from {@code pluginPath} by service manifests only. */
    public static EmbeddedConnectCluster cluster(String name, int workers, Path pluginPath) {
        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("plugin.path", pluginPath.toString());
        workerProps.put("plugin.discovery", "service_load");
        workerProps.put("offset.flush.interval.ms", "500");
        workerProps.put("scheduled.rebalance.max.delay.ms", "2000");
        Properties brokerProps = new Properties();
        brokerProps.put("auto.create.topics.enable", "true");
        brokerProps.put("num.partitions", "3");
        EmbeddedConnectCluster cluster = new EmbeddedConnectCluster.Builder()
                .name(name)
                .numWorkers(workers)
                .numBrokers(1)
                .workerProps(workerProps)
                .brokerProps(brokerProps)
                .build();
        cluster.start();
        return cluster;
    }

    static void migrate(TestDatabase database) {
        WaybillMigrations.builder(database.dataSource()).build().migrate();
    }

    /**
     * The connector configuration of docs/connect.md ({@code connector-config:begin}), with this database, slot and
     * contract directory filled in: the test runs what the docs tell users to run.
     */
    static Map<String, String> connectorConfig(TestDatabase database, String slot, Path contracts) throws IOException {
        return connectorConfig(DOCS, database, slot, contracts);
    }

    /** {@link #connectorConfig(TestDatabase, String, Path)} from the docs/connect.md at {@code docs}. */
    public static Map<String, String> connectorConfig(Path docs, TestDatabase database, String slot, Path contracts)
            throws IOException {
        Map<String, String> config = documentedConfig(docs);
        java.net.URI uri = java.net.URI.create(database.jdbcUrl().substring("jdbc:".length()));
        config.put("database.hostname", uri.getHost());
        config.put("database.port", Integer.toString(uri.getPort()));
        config.put("database.dbname", uri.getPath().substring(1));
        config.put("database.user", database.username());
        config.put("database.password", database.password());
        config.put("slot.name", slot);
        config.put("transforms.waybill.contracts.directory", contracts.toString());
        // Seconds, not the documented 10 s: tests do not wait for heartbeats.
        config.put("heartbeat.interval.ms", "1000");
        return config;
    }

    /** The JSON block between the connector-config markers of docs/connect.md. */
    static Map<String, String> documentedConfig() throws IOException {
        return documentedConfig(DOCS);
    }

    /** The connector configuration of the docs/connect.md at {@code path}. */
    public static Map<String, String> documentedConfig(Path path) throws IOException {
        String docs = Files.readString(path);
        String begin = "<!-- connector-config:begin -->";
        int start = docs.indexOf(begin);
        int end = docs.indexOf("<!-- connector-config:end -->");
        if (start < 0 || end < start) {
            throw new IllegalStateException("docs/connect.md has no connector-config markers");
        }
        String block = docs.substring(start + begin.length(), end);
        String json = block.substring(block.indexOf('{'), block.lastIndexOf('}') + 1);
        com.fasterxml.jackson.databind.JsonNode root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        Map<String, String> config = new LinkedHashMap<>();
        root.get("config")
                .fields()
                .forEachRemaining(
                        field -> config.put(field.getKey(), field.getValue().asText()));
        return config;
    }

    /**
     * Reads {@code topics} from the beginning until {@code done} holds for what was read (or 60 s passed). Partitions
     * are assigned, not subscribed, as the topics appear: no consumer group, no topic created by the reader.
     */
    static List<ConsumerRecord<byte[], byte[]>> read(
            String bootstrapServers, Predicate<List<ConsumerRecord<byte[], byte[]>>> done, String... topics) {
        return read(bootstrapServers, Duration.ofSeconds(60), done, topics);
    }

    /** {@link #read(String, Predicate, String...)} for at most {@code timeout}. */
    static List<ConsumerRecord<byte[], byte[]>> read(
            String bootstrapServers,
            Duration timeout,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
            String... topics) {
        Properties properties = new Properties();
        properties.setProperty("bootstrap.servers", bootstrapServers);
        properties.setProperty("allow.auto.create.topics", "false");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            java.util.Set<TopicPartition> assigned = new java.util.HashSet<>();
            while (!done.test(records) && System.nanoTime() < deadline) {
                java.util.Set<TopicPartition> partitions = new java.util.HashSet<>();
                for (String topic : topics) {
                    for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(5))) {
                        partitions.add(new TopicPartition(topic, info.partition()));
                    }
                }
                if (!partitions.equals(assigned)) {
                    Map<TopicPartition, Long> positions = new HashMap<>();
                    assigned.forEach(partition -> positions.put(partition, consumer.position(partition)));
                    consumer.assign(partitions);
                    for (TopicPartition partition : partitions) {
                        if (positions.containsKey(partition)) {
                            consumer.seek(partition, positions.get(partition));
                        } else {
                            consumer.seekToBeginning(List.of(partition));
                        }
                    }
                    assigned = partitions;
                }
                if (assigned.isEmpty()) {
                    sleep(200);
                } else {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                }
            }
        }
        return records;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : text(header.value());
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static Path contracts() {
        try {
            return Path.of(
                    ConnectFixture.class.getResource("/connect-contracts").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String resource(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
