package dev.waybill.relay;

import static dev.waybill.relay.DeadLetterFixture.byId;
import static dev.waybill.relay.DeadLetterFixture.waybill;
import static dev.waybill.relay.RelayFixture.header;
import static dev.waybill.relay.RelayFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.relay.DeadLetterFixture.Run;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code waybill dlq} on dead letters the relay itself wrote: 30 events of a contract version the relay does not know
 * yet, two that break the contract and one too large for Kafka. Then, as an operator would: summary, show (pii
 * masked), the fix (the missing version), a dry run, a replay killed mid-way and resumed, and a rerun. The tests run
 * in that order and share the dead letters.
 */
@WaybillTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLetterToolsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int UNKNOWN_VERSION = 30;

    @TempDir
    static Path folder;

    private static String contract;
    private static String topic;
    private static String deadLetterTopic;
    private static String defaultDeadLetterTopic;
    private static Path before;
    private static Path after;
    private static final Map<String, OutboxEvent> unknownVersion = new HashMap<>();
    private static final List<OutboxEvent> violations = new ArrayList<>();
    private static OutboxEvent tooLarge;

    @BeforeAll
    static void deadLetterThroughTheRelay(TestDatabase database, TestKafka kafka) throws Exception {
        contract = kafka.uniqueTopic("dlqtest.signup");
        topic = kafka.uniqueTopic("dlqtest.signup.v1");
        deadLetterTopic = kafka.uniqueTopic("dlqtest.signup.dlq");
        defaultDeadLetterTopic = kafka.uniqueTopic("waybill.dead-letter");
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            admin.createTopics(List.of(
                            new NewTopic(topic, 2, (short) 1),
                            new NewTopic(deadLetterTopic, 2, (short) 1),
                            new NewTopic(defaultDeadLetterTopic, 2, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        before = DeadLetterFixture.writeContracts(folder.resolve("before"), contract, topic, deadLetterTopic, false);
        after = DeadLetterFixture.writeContracts(folder.resolve("after"), contract, topic, deadLetterTopic, true);
        RelayFixture.migrate(database);
        for (int i = 0; i < UNKNOWN_VERSION; i++) {
            OutboxEvent event = signup("1.1.0", "C-" + i, "c" + i + "@example.com", i, ",\"channel\":\"web\"");
            unknownVersion.put(event.id().toString(), event);
        }
        violations.add(signup("1.0.0", "C-100", "v1@example.com", -1, ""));
        violations.add(signup("1.0.0", "C-101", "v2@example.com", -2, ""));
        tooLarge = signup("1.0.0", "C-102", "big@example.com", 1, ",\"note\":\"" + "x".repeat(1_100_000) + "\"");
        List<OutboxEvent> events = new ArrayList<>(unknownVersion.values());
        events.addAll(violations);
        events.add(tooLarge);
        RelayConfig.Builder config = RelayFixture.relay(database, kafka, "dlqtools")
                .set(RelaySettings.CONTRACTS_DIRECTORY, before)
                .set(RelaySettings.KAFKA_DEAD_LETTER_TOPIC, defaultDeadLetterTopic);
        try (Relay relay = Relay.start(config.build())) {
            RelayFixture.write(database, events);
            Set<String> ids = new HashSet<>();
            events.forEach(event -> ids.add(event.id().toString()));
            assertThat(RelayFixture.read(kafka, ids, deadLetterTopic, defaultDeadLetterTopic)
                            .keySet())
                    .containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    private static Process replayProcess;

    @AfterAll
    static void noReplayLeftRunning() throws InterruptedException {
        if (replayProcess != null && replayProcess.isAlive()) {
            replayProcess.destroyForcibly();
            replayProcess.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void summaryCountsTheDeadLettersByVersionReasonAndPointer(TestKafka kafka) throws Exception {
        Run run = waybill(
                "dlq",
                "summary",
                "--format",
                "json",
                "--contracts",
                before.toString(),
                "--contract",
                contract,
                "--since",
                "1h",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                deadLetterTopic,
                "--topic",
                defaultDeadLetterTopic);

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode summary = JSON.readTree(run.out());
        assertThat(summary.path("total").asLong()).isEqualTo(UNKNOWN_VERSION + 3);
        Map<String, Long> counts = new HashMap<>();
        // Summed over the hours: a run at the turn of an hour splits a group in two.
        summary.path("groups")
                .forEach(group -> counts.merge(
                        group.path("version").asText() + " "
                                + group.path("reason").asText() + " "
                                + group.path("pointer").asText(),
                        group.path("count").asLong(),
                        Long::sum));
        assertThat(counts)
                .containsOnly(
                        Map.entry("1.1.0 unknown-version ", (long) UNKNOWN_VERSION),
                        Map.entry("1.0.0 contract-violation /total", 2L),
                        Map.entry("1.0.0 record-too-large ", 1L));
        assertThat(summary.path("groups").get(0).path("first").path("record").asText())
                .matches("[^:]+:[01]:\\d+");

        Run text = waybill(
                "dlq",
                "summary",
                "--contracts",
                before.toString(),
                "--contract",
                contract,
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                deadLetterTopic,
                "--topic",
                defaultDeadLetterTopic);
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out())
                .startsWith("HOUR ")
                .containsPattern(contract + " +1\\.1\\.0 +unknown-version +- +\\d+ +" + defaultDeadLetterTopic + ":")
                .contains((UNKNOWN_VERSION + 3) + " dead letters in ");
    }

    @Test
    @Order(2)
    void showMasksThePiiOfTheContractEvenForAnUnknownVersion(TestKafka kafka) throws Exception {
        OutboxEvent event = unknownVersion.values().iterator().next();
        String email =
                new ObjectMapper().readTree(event.payload()).path("email").asText();

        Run json = waybill(
                "dlq",
                "show",
                "--id",
                event.id().toString(),
                "--format",
                "json",
                "--contracts",
                before.toString(),
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                defaultDeadLetterTopic);

        assertThat(json.exitCode()).as(json.err()).isZero();
        assertThat(json.out()).doesNotContain(email);
        JsonNode shown = JSON.readTree(json.out());
        assertThat(shown.path("payload").path("email").asText()).isEqualTo("***");
        assertThat(shown.path("payload").path("customerId").asText())
                .isEqualTo(JSON.readTree(event.payload()).path("customerId").asText());
        assertThat(shown.path("masking").path("paths").get(0).asText()).isEqualTo("/email");
        assertThat(shown.path("headers").path("waybill_dlq_reason").asText()).isEqualTo("unknown-version");
        assertThat(shown.path("headers").path("ce_id").asText())
                .isEqualTo(event.id().toString());

        Run text = waybill(
                "dlq",
                "show",
                shown.path("record").asText(),
                "--contracts",
                before.toString(),
                "--bootstrap-servers",
                kafka.bootstrapServers());
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out())
                .contains(
                        "waybill_dlq_reason: unknown-version",
                        "\"email\" : \"***\"",
                        "masked: version 1.1.0 is" + " unknown: pii properties of every known version of " + contract
                                + " (1.0.0): /email")
                .doesNotContain(email);

        Run noContracts =
                waybill("dlq", "show", shown.path("record").asText(), "--bootstrap-servers", kafka.bootstrapServers());
        assertThat(noContracts.out())
                .contains("payload (not shown: masking cannot be applied, no contracts given")
                .doesNotContain(email);
        Run unmasked = waybill(
                "dlq",
                "show",
                shown.path("record").asText(),
                "--unmasked",
                "--bootstrap-servers",
                kafka.bootstrapServers());
        assertThat(unmasked.out()).contains(email);
        Run missing = waybill(
                "dlq", "show", defaultDeadLetterTopic + ":0:999999", "--bootstrap-servers", kafka.bootstrapServers());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no record at " + defaultDeadLetterTopic + ":0:999999");
    }

    @Test
    @Order(3)
    void aDryRunReportsWhatWouldBeReplayedAndPublishesAndCommitsNothing(TestKafka kafka) throws Exception {
        Run run = waybill(replay(kafka, "--name", "dry-" + contract, "--dry-run", "--format", "json", "--list", "1"));

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        JsonNode report = JSON.readTree(run.out());
        assertThat(report.path("dryRun").asBoolean()).isTrue();
        assertThat(report.path("read").asLong()).isEqualTo(UNKNOWN_VERSION + 3);
        assertThat(report.path("replayed").asLong()).isEqualTo(UNKNOWN_VERSION);
        assertThat(report.path("replayedByTopic").path(topic).asLong()).isEqualTo(UNKNOWN_VERSION);
        assertThat(report.path("stillFailing").path("count").asLong()).isEqualTo(2);
        assertThat(report.path("stillFailing")
                        .path("byReason")
                        .get(0)
                        .path("pointer")
                        .asText())
                .isEqualTo("/total");
        assertThat(report.path("stillFailing").path("first")).hasSize(1);
        assertThat(report.path("tooLarge").path("ids").get(0).asText())
                .isEqualTo(tooLarge.id().toString());
        Run text = waybill(replay(kafka, "--name", "dry-" + contract, "--dry-run"));
        assertThat(text.exitCode()).as(text.err()).isEqualTo(1);
        assertThat(text.out())
                .contains(
                        "replay dry-" + contract + " (consumer group",
                        "read " + (UNKNOWN_VERSION + 3) + " dead letters: 0 not matching the filters",
                        "would replay " + UNKNOWN_VERSION + ": " + UNKNOWN_VERSION + " to " + topic,
                        "still failing 2",
                        "  2 contract-violation at /total",
                        "cannot be replayed 1 (record-too-large: dead-lettered without a value): " + tooLarge.id(),
                        "dry run: nothing published, nothing committed");
        try (Admin admin = Admin.create(kafka.clientProperties())) {
            assertThat(admin.listConsumerGroupOffsets("dry-" + contract)
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS))
                    .isEmpty();
            assertThat(admin.listOffsets(Map.of(
                                    new org.apache.kafka.common.TopicPartition(topic, 0),
                                    org.apache.kafka.clients.admin.OffsetSpec.latest(),
                                    new org.apache.kafka.common.TopicPartition(topic, 1),
                                    org.apache.kafka.clients.admin.OffsetSpec.latest()))
                            .all()
                            .get(30, TimeUnit.SECONDS)
                            .values())
                    .allSatisfy(offset -> assertThat(offset.offset()).isZero());
        }
    }

    @Test
    @Order(4)
    void aReplayKilledMidWayResumesAndDeliversEachEventExactlyOnce(TestKafka kafka) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.configurationFile=logback.xml",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.waybill.cli.WaybillCli"));
        command.addAll(List.of(replay(kafka, "--version", "1.1.0", "--rate", "5")));
        Path log = Files.createTempFile(folder, "replay", ".log");
        replayProcess = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> committed(kafka).size() >= 5);
        assertThat(replayProcess.isAlive())
                .as("the replay is still running when killed")
                .isTrue();
        replayProcess.destroyForcibly();
        assertThat(replayProcess.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Files.readString(log)).contains("replay waybill-dlq-replay-" + contract.toLowerCase());
        int beforeResume = committed(kafka).size();
        assertThat(beforeResume).isLessThan(UNKNOWN_VERSION);

        Run resumed = waybill(replay(kafka, "--version", "1.1.0", "--format", "json"));

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        JsonNode report = JSON.readTree(resumed.out());
        assertThat(report.path("name").asText()).startsWith("waybill-dlq-replay-");
        assertThat(report.path("alreadyHandled").asLong()).isPositive();
        assertThat(report.path("complete").asBoolean()).isTrue();
        Map<String, List<ConsumerRecord<byte[], byte[]>>> published = byId(committed(kafka));
        assertThat(published.keySet()).containsExactlyInAnyOrderElementsOf(unknownVersion.keySet());
        for (Map.Entry<String, List<ConsumerRecord<byte[], byte[]>>> entry : published.entrySet()) {
            assertThat(entry.getValue()).as("copies of %s", entry.getKey()).hasSize(1);
            ConsumerRecord<byte[], byte[]> record = entry.getValue().get(0);
            OutboxEvent event = unknownVersion.get(entry.getKey());
            assertThat(text(record.key())).isEqualTo(event.aggregateId());
            assertThat(JSON.readTree(record.value())).isEqualTo(JSON.readTree(event.payload()));
            assertThat(header(record, "ce_waybillversion")).isEqualTo("1.1.0");
            assertThat(header(record, "waybill_replay_topic")).isEqualTo(defaultDeadLetterTopic);
            assertThat(header(record, "waybill_replay_partition")).matches("[01]");
            assertThat(header(record, "waybill_replay_offset")).matches("\\d+");
            assertThat(header(record, "waybill_replayed_at")).isNotBlank();
            for (Header header : record.headers()) {
                assertThat(header.key()).doesNotStartWith("waybill_dlq_");
            }
        }
        assertThat(published.size() - beforeResume)
                .isEqualTo(report.path("replayed").asInt());
    }

    @Test
    @Order(5)
    void aFinishedReplayRunAgainPublishesNothing(TestKafka kafka) throws Exception {
        Run again = waybill(replay(kafka, "--version", "1.1.0"));

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("nothing left: this replay already went through every dead letter");
        assertThat(committed(kafka)).hasSize(UNKNOWN_VERSION);
    }

    private static String[] replay(TestKafka kafka, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "dlq",
                "replay",
                "--contracts",
                after.toString(),
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic",
                deadLetterTopic,
                "--topic",
                defaultDeadLetterTopic,
                "--contract",
                contract));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static List<ConsumerRecord<byte[], byte[]>> committed(TestKafka kafka) {
        return DeadLetterFixture.committed(kafka, topic);
    }

    private static OutboxEvent signup(String version, String customer, String email, int total, String more) {
        return DeadLetterFixture.signup(contract, version, customer, email, total, more);
    }
}
