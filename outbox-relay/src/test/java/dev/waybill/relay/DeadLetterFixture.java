package dev.waybill.relay;

import dev.waybill.cli.WaybillCli;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.testkit.TestKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the dead-letter tests share: a contract directory with topics of the test's own (without the fix, version 1.0.0
 * only, so events of 1.1.0 are dead-lettered as {@code unknown-version}; with it, 1.1.0 too), its events, running
 * {@code waybill} in-process, and reading what a {@code read_committed} consumer sees.
 */
final class DeadLetterFixture {

    private DeadLetterFixture() {}

    /** The outcome of one {@code waybill} command line. */
    record Run(int exitCode, String out, String err) {}

    static Run waybill(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = WaybillCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exitCode, out.toString(), err.toString());
    }

    static OutboxEvent signup(String contract, String version, String customer, String email, int total, String more) {
        return OutboxEvent.builder()
                .contract(contract)
                .schemaVersion(version)
                .aggregate("customer", customer)
                .payload("{\"customerId\":\"" + customer + "\",\"email\":\"" + email + "\",\"total\":" + total + more
                        + "}")
                .build();
    }

    /** Every record of {@code topic} (two partitions) that a {@code read_committed} consumer sees. */
    static List<ConsumerRecord<byte[], byte[]>> committed(TestKafka kafka, String topic) {
        Properties properties = kafka.clientProperties();
        properties.setProperty("isolation.level", "read_committed");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }

    static Map<String, List<ConsumerRecord<byte[], byte[]>>> byId(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byId = new HashMap<>();
        records.forEach(record -> byId.computeIfAbsent(RelayFixture.header(record, "ce_id"), id -> new ArrayList<>())
                .add(record));
        return byId;
    }

    static Path writeContracts(Path root, String contract, String topic, String deadLetterTopic, boolean withFix)
            throws IOException {
        Path folder = Files.createDirectories(root.resolve(contract));
        version(folder, contract, "1.0.0", topic, deadLetterTopic, "");
        if (withFix) {
            version(
                    folder,
                    contract,
                    "1.1.0",
                    topic,
                    deadLetterTopic,
                    "      - {name: channel, logicalType: string}\n");
        }
        return root;
    }

    private static void version(
            Path folder, String contract, String version, String topic, String deadLetterTopic, String more)
            throws IOException {
        Files.writeString(folder.resolve(version + ".odcs.yaml"), """
                apiVersion: v3.1.0
                kind: DataContract
                id: %s
                version: %s
                status: active
                schema:
                  - name: Signup
                    physicalType: topic
                    physicalName: %s
                    authoritativeDefinitions:
                      - type: implementation
                        url: ./%s.schema.json
                    properties:
                      - {name: customerId, logicalType: string, required: true}
                      - {name: email, logicalType: string, classification: pii}
                      - {name: total, logicalType: integer, required: true}
                %scustomProperties:
                  - {property: deadLetterTopic, value: %s}
                """.formatted(
                        contract, version, topic, version, more, deadLetterTopic));
        Files.writeString(folder.resolve(version + ".schema.json"), """
                {
                  "$schema": "https://json-schema.org/draft/2020-12/schema",
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["customerId", "total"],
                  "properties": {
                    "customerId": {"type": "string"},
                    "email": {"type": "string"},
                    "total": {"type": "integer", "minimum": 0}%s
                  }
                }
                """.formatted(
                        more.isEmpty() ? "" : ",\n    \"channel\": {\"type\": \"string\"}"));
    }
}
