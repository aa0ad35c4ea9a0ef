package dev.waybill.collector;

import static dev.waybill.collector.CollectorTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.waybill.collector.CollectorSetting.Scope;
import dev.waybill.collector.validate.Validator;
import dev.waybill.routing.WaybillHeaders;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP to the raw topic to the valid and dead-letter topics, on a real broker: one event, a JSON batch, NDJSON, and
 * CloudEvents in binary and structured (single and batch) modes; valid and contract-breaking events in each.
 */
@WaybillTest
class CollectorFlowIT {

    @TempDir
    static Path temp;

    static String contract;
    static String validTopic;
    static String deadLetterTopic;
    static Collector collector;
    static Validator validator;
    static KafkaConsumer<byte[], byte[]> raw;
    static KafkaConsumer<byte[], byte[]> routed;

    @BeforeAll
    static void start(TestKafka kafka) throws Exception {
        contract = "shop.clicked-" + uid().substring(0, 8);
        validTopic = contract + ".v1";
        deadLetterTopic = contract + ".dead-letter";
        createTopics(kafka.bootstrapServers(), contract + ".raw", validTopic, deadLetterTopic);
        Path contracts = CollectorTesting.contracts(temp.resolve("contracts"), contract, validTopic);
        collector = Collector.start(CollectorConfig.builder(Scope.COLLECT)
                .kafka(kafka.bootstrapServers())
                .set(CollectorSettings.HTTP_PORT, 0)
                .set(CollectorSettings.INSTANCE, "collector-1")
                .set(CollectorSettings.TOKENS, tokens(temp, contract))
                .set(CollectorSettings.RECORD_CLIENT_ADDRESS, true)
                .set(CollectorSettings.CORS_ORIGINS, List.of("https://shop.example.com"))
                .build());
        validator = Validator.start(CollectorConfig.builder(Scope.VALIDATE)
                .kafka(kafka.bootstrapServers())
                .set(CollectorSettings.INSTANCE, "validator-1")
                .set(CollectorSettings.HTTP_PORT, 0)
                .set(CollectorSettings.APPLICATION_ID, "validate-" + uid())
                .set(CollectorSettings.CONTRACTS_DIRECTORY, contracts)
                .set(CollectorSettings.DEAD_LETTER_TOPIC, deadLetterTopic)
                .streams("state.dir", temp.resolve("state").toString())
                .streams("commit.interval.ms", "100")
                .build());
        raw = consumer(kafka.bootstrapServers(), List.of(contract + ".raw"));
        routed = consumer(kafka.bootstrapServers(), List.of(validTopic, deadLetterTopic));
        await().atMost(Duration.ofSeconds(40)).until(() -> validator.state() == KafkaStreams.State.RUNNING);
    }

    @AfterAll
    static void stop() {
        if (raw != null) {
            raw.close();
            routed.close();
        }
        if (validator != null) {
            validator.close();
        }
        if (collector != null) {
            collector.close();
        }
    }

    private final List<ConsumerRecord<byte[], byte[]>> rawSeen = new ArrayList<>();
    private final List<ConsumerRecord<byte[], byte[]>> routedSeen = new ArrayList<>();

    @Test
    void oneEventAndABatchReachTheirTopics() throws Exception {
        String good = uid();
        String bad = uid();
        // Spaces and key order inside data are kept: the raw value is the bytes as sent.
        String goodData = "{ \"x\": 3,  \"page\": \"/home\" }";
        HttpResponse<String> one =
                post(collector.port(), "application/json", click(good, contract, "s-1", goodData), TOKEN);
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
        assertThat(one.body()).contains("\"accepted\":1");

        String batch = "[" + click(uid(), contract, "s-2", "{\"page\":\"/a\",\"x\":1}") + ","
                + click(bad, contract, "s-2", "{\"page\":\"/a\",\"x\":-1}") + "]";
        HttpResponse<String> two = post(collector.port(), "application/json; charset=utf-8", batch, TOKEN);
        assertThat(two.statusCode()).as(two.body()).isEqualTo(200);
        assertThat(two.body()).contains("\"accepted\":2");

        ConsumerRecord<byte[], byte[]> rawGood = awaitRecord(raw, rawSeen, good);
        assertThat(rawGood.topic()).isEqualTo(contract + ".raw");
        assertThat(value(rawGood)).isEqualTo(goodData);
        assertThat(new String(rawGood.key(), StandardCharsets.UTF_8)).isEqualTo("s-1");
        assertThat(headers(rawGood))
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", "Clicked")
                .containsEntry("ce_source", "/waybill/collector")
                .containsEntry("ce_subject", "s-1")
                .containsEntry("ce_waybillcontract", contract)
                .containsEntry("ce_waybillversion", "1.0.0")
                .containsEntry("ce_waybillcollector", "collector-1")
                .containsEntry("ce_waybillproducer", "shop-frontend")
                .containsKeys("ce_waybillreceivedat", "ce_waybillclientaddress");

        ConsumerRecord<byte[], byte[]> valid = awaitRecord(routed, routedSeen, good);
        assertThat(valid.topic()).isEqualTo(validTopic);
        assertThat(value(valid)).isEqualTo(goodData);
        assertThat(new String(valid.key(), StandardCharsets.UTF_8)).isEqualTo("s-1");
        assertThat(headers(valid))
                .containsEntry(WaybillHeaders.DATA_SCHEMA, "urn:waybill:contract:" + contract + ":1.0.0")
                .containsEntry(WaybillHeaders.RELAY, "validator-1")
                .containsEntry("ce_waybillcollector", "collector-1")
                .containsEntry("ce_waybillproducer", "shop-frontend")
                .containsEntry(WaybillHeaders.TIME, header(rawGood, "ce_waybillreceivedat"))
                .doesNotContainKey(WaybillHeaders.DLQ_REASON);

        ConsumerRecord<byte[], byte[]> deadLettered = awaitRecord(routed, routedSeen, bad);
        assertThat(deadLettered.topic()).isEqualTo(deadLetterTopic);
        assertThat(headers(deadLettered))
                .containsEntry(WaybillHeaders.DLQ_REASON, "contract-violation")
                .containsEntry(WaybillHeaders.DLQ_POINTER, "/x")
                .containsEntry(WaybillHeaders.DLQ_INTENDED_TOPIC, validTopic);
    }

    @Test
    void ndjsonBatch() throws Exception {
        String a = uid();
        String b = uid();
        String body = click(a, contract, "s-3", "{\"page\":\"/n\",\"x\":5}") + "\n\n"
                + click(b, contract, "s-3", "[1,2]") + "\n";
        HttpResponse<String> response = post(collector.port(), "application/x-ndjson", body, TOKEN);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(awaitRecord(routed, routedSeen, a).topic()).isEqualTo(validTopic);
        ConsumerRecord<byte[], byte[]> notAnObject = awaitRecord(routed, routedSeen, b);
        assertThat(header(notAnObject, WaybillHeaders.DLQ_REASON)).isEqualTo("malformed-payload");
        assertThat(value(notAnObject)).isEqualTo("[1,2]");
    }

    @Test
    void cloudEventsBinaryMode() throws Exception {
        String id = uid();
        String data = "{\"page\":\"/binary\",\"x\":7}";
        HttpResponse<String> response = post(
                collector.port(),
                "application/json",
                data.getBytes(StandardCharsets.UTF_8),
                TOKEN,
                Map.of(
                        "ce-specversion", "1.0",
                        "ce-id", id,
                        "ce-type", "Clicked",
                        "ce-source", "https://shop.example.com/app",
                        "ce-subject", "s-4",
                        "ce-time", "2026-12-01T10:00:00Z",
                        "ce-waybillcontract", contract,
                        "ce-waybillversion", "1.0.0",
                        "ce-traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        ConsumerRecord<byte[], byte[]> valid = awaitRecord(routed, routedSeen, id);
        assertThat(valid.topic()).isEqualTo(validTopic);
        assertThat(value(valid)).isEqualTo(data);
        assertThat(headers(valid))
                .containsEntry(WaybillHeaders.SOURCE, "https://shop.example.com/app")
                .containsEntry(WaybillHeaders.TIME, "2026-12-01T10:00:00Z")
                .containsEntry("ce_traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
    }

    @Test
    void cloudEventsStructuredModeSingleAndBatch() throws Exception {
        String single = uid();
        String inBatch = uid();
        String base64 = uid();
        String event = "{\"specversion\":\"1.0\",\"id\":\"" + single + "\",\"type\":\"Clicked\",\"source\":\"/app\","
                + "\"subject\":\"s-5\",\"waybillcontract\":\"" + contract + "\",\"waybillversion\":\"1.0.0\","
                + "\"datacontenttype\":\"application/json\",\"data\":{\"page\":\"/s\",\"x\":1}}";
        HttpResponse<String> one = post(collector.port(), "application/cloudevents+json", event, TOKEN);
        assertThat(one.statusCode()).as(one.body()).isEqualTo(200);

        String encoded =
                Base64.getEncoder().encodeToString("{\"page\":\"/b64\",\"x\":2}".getBytes(StandardCharsets.UTF_8));
        String batch = "[{\"specversion\":\"1.0\",\"id\":\"" + inBatch + "\",\"type\":\"Clicked\",\"source\":\"/app\","
                + "\"subject\":\"s-5\",\"waybillcontract\":\"" + contract + "\",\"waybillversion\":\"1.0.0\","
                + "\"data\":{\"page\":\"/s\"}},"
                + "{\"specversion\":\"1.0\",\"id\":\"" + base64 + "\",\"type\":\"Clicked\",\"source\":\"/app\","
                + "\"subject\":\"s-5\",\"waybillcontract\":\"" + contract + "\",\"waybillversion\":\"1.0.0\","
                + "\"datacontenttype\":\"application/json\",\"data_base64\":\"" + encoded + "\"}]";
        HttpResponse<String> two = post(collector.port(), "application/cloudevents-batch+json", batch, TOKEN);
        assertThat(two.statusCode()).as(two.body()).isEqualTo(200);

        assertThat(awaitRecord(routed, routedSeen, single).topic()).isEqualTo(validTopic);
        ConsumerRecord<byte[], byte[]> missingX = awaitRecord(routed, routedSeen, inBatch);
        assertThat(missingX.topic()).isEqualTo(deadLetterTopic);
        assertThat(header(missingX, WaybillHeaders.DLQ_REASON)).isEqualTo("contract-violation");
        ConsumerRecord<byte[], byte[]> decoded = awaitRecord(routed, routedSeen, base64);
        assertThat(decoded.topic()).isEqualTo(validTopic);
        assertThat(value(decoded)).isEqualTo("{\"page\":\"/b64\",\"x\":2}");
    }

    @Test
    void unknownContractVersionIsDeadLetteredDownstreamNotRejected() throws Exception {
        String id = uid();
        String event = "{\"contract\":\"" + contract + "\",\"version\":\"9.9.9\",\"id\":\"" + id
                + "\",\"type\":\"Clicked\",\"subject\":\"s-6\",\"data\":{\"page\":\"/\",\"x\":1}}";
        HttpResponse<String> response = post(collector.port(), "application/json", event, TOKEN);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(awaitRecord(routed, routedSeen, id), WaybillHeaders.DLQ_REASON))
                .isEqualTo("unknown-version");
    }

    @Test
    void browserPreflightAndHealth() throws Exception {
        HttpResponse<String> preflight = HTTP.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://127.0.0.1:" + collector.port() + "/v1/events"))
                        .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://shop.example.com")
                        .header("Access-Control-Request-Method", "POST")
                        .header("Access-Control-Request-Headers", "authorization, content-type")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.headers().firstValue("access-control-allow-origin"))
                .hasValue("https://shop.example.com");
        HttpResponse<String> posted = post(
                collector.port(),
                "application/json",
                click(uid(), contract, "s-7", "{\"page\":\"/\",\"x\":1}").getBytes(StandardCharsets.UTF_8),
                TOKEN,
                Map.of("Origin", "https://shop.example.com"));
        assertThat(posted.headers().firstValue("access-control-allow-origin")).hasValue("https://shop.example.com");

        assertThat(get(collector.port(), "/health/live").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get(collector.port(), "/health/ready").statusCode() == 200);
        String metrics = get(collector.port(), "/metrics").body();
        assertThat(metrics).contains("waybill_collector_events_accepted_total", "waybill_collector_request_seconds");

        assertThat(get(validator.port(), "/health/live").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> get(validator.port(), "/health/ready").statusCode() == 200);
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> get(validator.port(), "/metrics").body(),
                        m -> m.contains(
                                "waybill_validator_events_total{outcome=\"valid\",reason=\"\",validator=\"validator-1\"}"));
    }

    /** Polls until the record with {@code ce_id} {@code id} arrived. */
    static ConsumerRecord<byte[], byte[]> awaitRecord(
            KafkaConsumer<byte[], byte[]> consumer, List<ConsumerRecord<byte[], byte[]>> seen, String id) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> {
                            pollInto(consumer, seen);
                            return seen.stream()
                                    .filter(r -> id.equals(header(r, WaybillHeaders.ID)))
                                    .findFirst();
                        },
                        java.util.Optional::isPresent)
                .orElseThrow();
    }
}
