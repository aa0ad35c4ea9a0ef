package dev.waybill.collector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Contracts, HTTP and Kafka helpers shared by the collector's tests. */
final class CollectorTesting {

    static final String TOKEN = "shop-frontend-token-0123456789";
    static final String OTHER_TOKEN = "ml-service-token-0123456789ab";

    private CollectorTesting() {}

    /** A contract directory with one contract, {@code <contract>} 1.0.0: a click with a page and an x >= 0. */
    static Path contracts(Path directory, String contract, String topic) throws IOException {
        Path folder = Files.createDirectories(directory.resolve(contract));
        Files.writeString(folder.resolve("1.0.0.odcs.yaml"), """
                apiVersion: v3.1.0
                kind: DataContract
                id: %s
                version: 1.0.0
                status: active
                schema:
                  - name: Click
                    physicalType: topic
                    physicalName: %s
                    authoritativeDefinitions:
                      - type: implementation
                        url: ./1.0.0.schema.json
                    properties:
                      - {name: page, logicalType: string, required: true}
                      - {name: x, logicalType: integer, required: true}
                """.formatted(contract, topic));
        Files.writeString(folder.resolve("1.0.0.schema.json"), """
                {
                  "$schema": "https://json-schema.org/draft/2020-12/schema",
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["page", "x"],
                  "properties": {"page": {"type": "string"}, "x": {"type": "integer", "minimum": 0}}
                }
                """);
        return directory;
    }

    static Path tokens(Path directory, String contract) throws IOException {
        Path file = directory.resolve("tokens");
        Files.writeString(
                file,
                "# producer token [contracts]\nshop-frontend " + TOKEN + " " + contract + "\nml-service " + OTHER_TOKEN
                        + " predictions.*\n");
        return file;
    }

    static void createTopics(String bootstrapServers, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, 2, (short) 1));
            }
            admin.createTopics(newTopics).all().get();
        }
    }

    static String uid() {
        return UUID.randomUUID().toString();
    }

    static String click(String id, String contract, String subject, String data) {
        return "{\"contract\":\"" + contract + "\",\"version\":\"1.0.0\",\"id\":\"" + id
                + "\",\"type\":\"Clicked\",\"subject\":\"" + subject + "\",\"data\":" + data + "}";
    }

    static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    static HttpResponse<String> post(int port, String contentType, String body, String token) throws Exception {
        return post(port, contentType, body.getBytes(StandardCharsets.UTF_8), token, Map.of());
    }

    static HttpResponse<String> post(
            int port, String contentType, byte[] body, String token, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A read_committed consumer of {@code topics} from their beginning. */
    static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers, Collection<String> topics) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + uid());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties);
        consumer.subscribe(topics);
        return consumer;
    }

    /** Polls into {@code into} once. */
    static void pollInto(KafkaConsumer<byte[], byte[]> consumer, List<ConsumerRecord<byte[], byte[]>> into) {
        consumer.poll(Duration.ofMillis(200)).forEach(into::add);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> all = new HashMap<>();
        record.headers().forEach(h -> all.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return all;
    }

    static String value(ConsumerRecord<byte[], byte[]> record) {
        return record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
    }
}
