package dev.waybill.relay;

import static dev.waybill.relay.RelayFixture.header;
import static dev.waybill.relay.RelayFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.ContractDirectory;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.routing.WaybillHeaders;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving consumers to a new major version: the producer writes only 2.0.0, and the relay also publishes a copy
 * converted to 1.1.0 on the 1.1.0 topic (or its dead-letter topic), until 1.1.0 is retired.
 */
@WaybillTest
class MajorVersionMigrationIT {

    private static final String CONTRACT = "orders.order-placed";

    @Test
    void previousMajorsConsumersKeepGettingValidCopiesUntilItIsRetired(
            TestDatabase database, TestKafka kafka, @TempDir Path dir) throws Exception {
        RelayFixture.migrate(database);
        String v1Topic = kafka.uniqueTopic("orders.v1");
        String v2Topic = kafka.uniqueTopic("orders.v2");
        String deadLetters = kafka.uniqueTopic("orders.dlq");
        Path contracts = contracts(dir, v1Topic, v2Topic, deadLetters);
        RelayConfig.Builder config = RelayFixture.relay(database, kafka, "migration");
        config.set(RelaySettings.CONTRACTS_DIRECTORY, contracts);
        config.set(RelaySettings.CONTRACTS_RELOAD_INTERVAL, Duration.ofMillis(500));
        ContractCatalog catalog = ContractDirectory.at(contracts).load();

        try (Relay relay = Relay.start(config.build())) {
            await().atMost(Duration.ofSeconds(60)).until(relay::ready);
            // Two aggregates, three events each, in one transaction; and a USD order that 1.1.0 cannot express.
            List<OutboxEvent> eur = new ArrayList<>();
            for (int sequence = 1; sequence <= 3; sequence++) {
                eur.add(v2("ORD-700001", sequence, "EUR"));
                eur.add(v2("ORD-700002", sequence, "EUR"));
            }
            OutboxEvent usd = v2("ORD-700003", 1, "USD");
            List<OutboxEvent> written = new ArrayList<>(eur);
            written.add(usd);
            RelayFixture.write(database, written);

            Set<String> eurIds = ids(eur);
            Map<String, List<ConsumerRecord<byte[], byte[]>>> copies = RelayFixture.read(kafka, eurIds, v1Topic);
            assertThat(copies).containsOnlyKeys(eurIds);
            for (OutboxEvent event : eur) {
                ConsumerRecord<byte[], byte[]> copy =
                        copies.get(event.id().toString()).get(0);
                assertThat(text(copy.key())).isEqualTo(event.aggregateId());
                assertThat(header(copy, WaybillHeaders.VERSION)).isEqualTo("1.1.0");
                assertThat(header(copy, WaybillHeaders.DATA_SCHEMA))
                        .isEqualTo(WaybillHeaders.dataSchema(CONTRACT, "1.1.0"));
                assertThat(header(copy, WaybillHeaders.CONVERTED_FROM)).isEqualTo(CONTRACT + "@2.0.0");
                assertThat(catalog.validate(CONTRACT, "1.1.0", text(copy.value()))
                                .valid())
                        .as(text(copy.value()))
                        .isTrue();
            }
            // Each aggregate's copies keep the order it wrote them in (the sequence is the amount).
            RelayFixture.assertPerAggregateOrder(copies);

            Set<String> allIds = ids(written);
            Map<String, List<ConsumerRecord<byte[], byte[]>>> originals = RelayFixture.read(kafka, allIds, v2Topic);
            assertThat(originals).containsOnlyKeys(allIds);
            originals
                    .values()
                    .forEach(records -> assertThat(header(records.get(0), WaybillHeaders.CONVERTED_TO))
                            .isEqualTo(CONTRACT + "@1.1.0"));

            ConsumerRecord<byte[], byte[]> brokenCopy = RelayFixture.read(
                            kafka, Set.of(usd.id().toString()), deadLetters)
                    .get(usd.id().toString())
                    .get(0);
            assertThat(header(brokenCopy, WaybillHeaders.DLQ_REASON)).isEqualTo("contract-violation");
            assertThat(header(brokenCopy, WaybillHeaders.DLQ_POINTER)).isEqualTo("/totalAmount");
            assertThat(header(brokenCopy, WaybillHeaders.DLQ_INTENDED_TOPIC)).isEqualTo(v1Topic);
            assertThat(header(brokenCopy, WaybillHeaders.VERSION)).isEqualTo("1.1.0");
            assertThat(text(brokenCopy.key())).isEqualTo("ORD-700003");
            String metrics = relay.scrapeMetrics();
            assertThat(metrics)
                    .contains("waybill_events_published_total{contract=\"orders.order-placed\",relay=\"migration\","
                            + "version=\"1.1.0\"} 6.0")
                    .contains("waybill_events_published_total{contract=\"orders.order-placed\",relay=\"migration\","
                            + "version=\"2.0.0\"} 7.0")
                    .contains("waybill_events_dead_lettered_total{contract=\"orders.order-placed\","
                            + "reason=\"contract-violation\",relay=\"migration\",version=\"1.1.0\"} 1.0");

            // Copies are not a producer's use of the deprecated version: that counter stays for real producers.
            assertThat(metrics)
                    .contains("waybill_events_deprecated_total{contract=\"orders.order-placed\",relay=\"migration\","
                            + "version=\"1.1.0\"} 0.0");

            // Every 1.1.0 consumer has moved: retiring 1.1.0 stops the copies, without a restart.
            Path v1 = contracts.resolve(CONTRACT).resolve("1.1.0.odcs.yaml");
            Files.writeString(v1, Files.readString(v1).replace("status: deprecated", "status: retired"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> relay.scrapeMetrics()
                            .contains("waybill_contract_reloads_total{outcome=\"success\",relay=\"migration\"} 1.0"));
            OutboxEvent late = v2("ORD-700001", 4, "EUR");
            RelayFixture.write(database, List.of(late));

            ConsumerRecord<byte[], byte[]> lateOriginal = RelayFixture.read(
                            kafka, Set.of(late.id().toString()), v2Topic)
                    .get(late.id().toString())
                    .get(0);
            assertThat(header(lateOriginal, WaybillHeaders.CONVERTED_TO)).isNull();
            assertThat(idsUpToTheEnd(kafka, v1Topic))
                    .containsAll(eurIds)
                    .doesNotContain(late.id().toString());
        }
    }

    private static OutboxEvent v2(String orderId, int sequence, String currency) {
        return OutboxEvent.builder()
                .contract(CONTRACT)
                .schemaVersion("2.0.0")
                .aggregate("order", orderId)
                .payload("{\"orderId\":\"" + orderId + "\",\"total\":{\"amount\":" + sequence + ",\"currency\":\""
                        + currency + "\"},\"placedAt\":\"2026-12-01T10:00:00Z\",\"channel\":\"web\"}")
                .build();
    }

    private static Set<String> ids(List<OutboxEvent> events) {
        return events.stream().map(event -> event.id().toString()).collect(Collectors.toSet());
    }

    /** Every {@code ce_id} on the topic's single partition, read up to its end offset at the time of the call. */
    private static List<String> idsUpToTheEnd(TestKafka kafka, String topic) {
        Properties properties = kafka.clientProperties();
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> ids.add(header(record, WaybillHeaders.ID)));
            }
        }
        return ids;
    }

    /** The migration contracts (1.1.0 deprecated, 2.0.0 with its downConversion), on this test's own topics. */
    private static Path contracts(Path dir, String v1Topic, String v2Topic, String deadLetters) throws IOException {
        try {
            Path source = Path.of(MajorVersionMigrationIT.class
                    .getResource("/migration/" + CONTRACT)
                    .toURI());
            Path target = Files.createDirectories(dir.resolve(CONTRACT));
            List<Path> files;
            try (java.util.stream.Stream<Path> listing = Files.list(source)) {
                files = listing.toList();
            }
            for (Path file : files) {
                Files.writeString(
                        target.resolve(file.getFileName().toString()),
                        Files.readString(file)
                                .replace("orders.order-placed.v1", v1Topic)
                                .replace("orders.order-placed.v2", v2Topic)
                                .replace("orders.order-placed.dlq", deadLetters));
            }
            // While consumers move, the previous major is deprecated: its copies keep coming.
            Path v1 = target.resolve("1.1.0.odcs.yaml");
            Files.writeString(v1, Files.readString(v1).replace("status: active", "status: deprecated"));
            return dir;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
