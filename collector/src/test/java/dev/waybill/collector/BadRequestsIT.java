package dev.waybill.collector;

import static dev.waybill.collector.CollectorTesting.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.collector.CollectorSetting.Scope;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.WaybillTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Over 1,000 generated bad requests: each gets its 4xx with a JSON error body, nothing reaches Kafka, and the
 * collector keeps serving.
 */
@WaybillTest
class BadRequestsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REQUEST = 64 * 1024;
    private static final int MAX_EVENT = 8 * 1024;
    private static final int MAX_EVENTS = 50;

    @TempDir
    Path temp;

    /** One generated bad request and what it must get. */
    record Bad(
            String kind,
            String contentType,
            byte[] body,
            String token,
            Map<String, String> headers,
            String method,
            String path,
            int status,
            String error) {}

    @Test
    void everyBadRequestGetsItsErrorAndNothingReachesKafka(TestKafka kafka) throws Exception {
        String contract = "shop.bad-" + uid().substring(0, 8);
        Map<String, Integer> byKind = new LinkedHashMap<>();
        try (Collector collector = Collector.start(CollectorConfig.builder(Scope.COLLECT)
                .kafka(kafka.bootstrapServers())
                .set(CollectorSettings.HTTP_PORT, 0)
                .set(CollectorSettings.TOKENS, tokens(temp, contract))
                .set(CollectorSettings.MAX_REQUEST_SIZE, (long) MAX_REQUEST)
                .set(CollectorSettings.MAX_EVENT_SIZE, (long) MAX_EVENT)
                .set(CollectorSettings.MAX_EVENTS, MAX_EVENTS)
                .set(CollectorSettings.RATE_LIMIT, 0)
                .build())) {
            List<Bad> requests = generate(contract, new Random(15));
            assertThat(requests).hasSizeGreaterThanOrEqualTo(1000);
            for (Bad bad : requests) {
                HttpResponse<String> response = send(collector.port(), bad);
                assertThat(response.statusCode())
                        .as("%s -> %s", bad.kind(), response.body())
                        .isEqualTo(bad.status());
                assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
                JsonNode body = JSON.readTree(response.body());
                assertThat(body.path("error").asText())
                        .as(bad.kind() + ": " + response.body())
                        .isEqualTo(bad.error());
                assertThat(body.path("message").asText()).as(bad.kind()).isNotBlank();
                byKind.merge(bad.kind(), 1, Integer::sum);
            }
            assertThat(get(collector.port(), "/health/live").statusCode()).isEqualTo(200);

            // Still serving: a good request after all that is written, and it is the only record of the raw topic.
            String good = uid();
            HttpResponse<String> ok = post(
                    collector.port(),
                    "application/json",
                    click(good, contract, "s-1", "{\"page\":\"/\",\"x\":1}"),
                    TOKEN);
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            try (KafkaConsumer<byte[], byte[]> raw = consumer(kafka.bootstrapServers(), List.of(contract + ".raw"))) {
                List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    pollInto(raw, seen);
                    return !seen.isEmpty();
                });
                pollInto(raw, seen);
                assertThat(seen).hasSize(1);
                assertThat(header(seen.get(0), "ce_id")).isEqualTo(good);
            }
            String metrics = get(collector.port(), "/metrics").body();
            assertThat(metrics).contains("waybill_collector_requests_rejected_total");
        }
        System.out.println("Bad requests by kind: " + byKind);
    }

    @Test
    void aProducerOverItsRateGets429WithRetryAfter(TestKafka kafka) throws Exception {
        String contract = "shop.rate-" + uid().substring(0, 8);
        try (Collector collector = Collector.start(CollectorConfig.builder(Scope.COLLECT)
                .kafka(kafka.bootstrapServers())
                .set(CollectorSettings.HTTP_PORT, 0)
                .set(CollectorSettings.TOKENS, tokens(temp, contract))
                .set(CollectorSettings.RATE_LIMIT, 1)
                .set(CollectorSettings.RATE_LIMIT_BURST, 3)
                .build())) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 4; i++) {
                batch.append(i == 0 ? "" : ",").append(click(uid(), contract, "s", "{\"page\":\"/\",\"x\":1}"));
            }
            HttpResponse<String> overBurst = post(collector.port(), "application/json", batch + "]", TOKEN);
            assertThat(overBurst.statusCode()).isEqualTo(429);
            // Two requests of 3 events at once: the bucket holds 3, so one of them is over the rate.
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> both = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                String three = "[" + click(uid(), contract, "s", "{\"page\":\"/\",\"x\":1}") + ","
                        + click(uid(), contract, "s", "{\"page\":\"/\",\"x\":1}") + ","
                        + click(uid(), contract, "s", "{\"page\":\"/\",\"x\":1}") + "]";
                both.add(HTTP.sendAsync(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + collector.port() + "/v1/events"))
                                .header("Content-Type", "application/json")
                                .header("Authorization", "Bearer " + TOKEN)
                                .POST(HttpRequest.BodyPublishers.ofString(three))
                                .build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            List<HttpResponse<String>> responses = both.stream()
                    .map(java.util.concurrent.CompletableFuture::join)
                    .toList();
            assertThat(responses).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(200, 429);
            HttpResponse<String> limited = responses.stream()
                    .filter(r -> r.statusCode() == 429)
                    .findFirst()
                    .orElseThrow();
            assertThat(JSON.readTree(limited.body()).path("error").asText()).isEqualTo("rate-limited");
            assertThat(limited.headers().firstValue("retry-after")).isPresent();
        }
    }

    @Test
    void requestsHttpItselfCannotReadGetJsonToo(TestKafka kafka) throws Exception {
        try (Collector collector = Collector.start(CollectorConfig.builder(Scope.COLLECT)
                .kafka(kafka.bootstrapServers())
                .set(CollectorSettings.HTTP_PORT, 0)
                .set(CollectorSettings.ANONYMOUS, true)
                .build())) {
            String headersTooLarge = "POST /v1/events HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                    + "\r\nContent-Length: 0\r\n\r\n";
            String response = raw(collector.port(), headersTooLarge);
            assertThat(response)
                    .startsWith("HTTP/1.1 431")
                    .contains("application/json", "\"error\":\"headers-too-large\"");
            String brokenLength = "POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: nope\r\n\r\n";
            assertThat(raw(collector.port(), brokenLength))
                    .startsWith("HTTP/1.1 400")
                    .contains("\"error\":");
            assertThat(get(collector.port(), "/health/live").statusCode()).isEqualTo(200);
        }
    }

    private static String raw(int port, String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static HttpResponse<String> send(int port, Bad bad) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + bad.path()))
                .timeout(Duration.ofSeconds(30))
                .method(bad.method(), HttpRequest.BodyPublishers.ofByteArray(bad.body()));
        if (bad.contentType() != null) {
            request.header("Content-Type", bad.contentType());
        }
        if (bad.token() != null) {
            request.header("Authorization", bad.token().startsWith("Basic ") ? bad.token() : "Bearer " + bad.token());
        }
        bad.headers().forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Bad> generate(String contract, Random random) {
        List<Bad> bad = new ArrayList<>();
        String goodData = "{\"page\":\"/\",\"x\":1}";
        // Malformed JSON: broken at a random place, or garbage.
        for (int i = 0; i < 200; i++) {
            String event = click(uid(), contract, "s", goodData);
            String body = switch (i % 5) {
                case 0 -> event.substring(0, 1 + random.nextInt(event.length() - 2));
                case 1 -> "[" + event + "," + event.substring(0, event.length() / 2);
                case 2 -> event.replace("\":", "\"");
                case 3 -> event + ",";
                default -> "{" + randomText(random, 5 + random.nextInt(50)) + "\"";
            };
            bad.add(json("malformed-json", body, 400, "malformed-json"));
        }
        for (int i = 0; i < 40; i++) {
            String body = click(uid(), contract, "s", goodData) + "\n" + "{\"contract\": oops}\n";
            bad.add(new Bad(
                    "malformed-ndjson",
                    "application/x-ndjson",
                    utf8(body),
                    TOKEN,
                    Map.of(),
                    "POST",
                    "/v1/events",
                    400,
                    "malformed-json"));
        }
        // Oversize bodies and events, and too many events.
        for (int i = 0; i < 50; i++) {
            String filler = "x".repeat(MAX_REQUEST + 1 + random.nextInt(4096));
            bad.add(json(
                    "request-too-large",
                    click(uid(), contract, "s", "{\"page\":\"" + filler + "\"}"),
                    413,
                    "request-too-large"));
        }
        for (int i = 0; i < 100; i++) {
            String filler = "y".repeat(MAX_EVENT + 1 + random.nextInt(2048));
            bad.add(json(
                    "event-too-large",
                    click(uid(), contract, "s", "{\"page\":\"" + filler + "\",\"x\":1}"),
                    413,
                    "event-too-large"));
        }
        for (int i = 0; i < 50; i++) {
            StringBuilder batch = new StringBuilder("[");
            for (int n = 0; n < MAX_EVENTS + 1 + random.nextInt(20); n++) {
                batch.append(n == 0 ? "" : ",").append(click(uid(), contract, "s", goodData));
            }
            bad.add(json("too-many-events", batch + "]", 413, "too-many-events"));
        }
        // Missing envelope attributes, one at a time, alone or in a batch.
        String[] required = {"contract", "version", "id", "type", "subject", "data"};
        for (int i = 0; i < 240; i++) {
            String missing = required[i % required.length];
            Map<String, String> event = event(contract, goodData);
            event.remove(missing);
            String body = i % 2 == 0
                    ? object(event)
                    : "[" + click(uid(), contract, "s", goodData) + "," + object(event) + "]";
            bad.add(json("missing-" + missing, body, 422, "invalid-envelope"));
        }
        // Wrong envelope attributes.
        for (int i = 0; i < 220; i++) {
            Map<String, String> event = event(contract, goodData);
            String kind;
            String error = "invalid-envelope";
            String contentType = "application/json";
            String body;
            switch (i % 11) {
                case 0 -> {
                    kind = "contract-not-a-topic-name";
                    event.put("contract", "\"shop clicked/" + i + "\"");
                }
                case 1 -> {
                    kind = "time-not-rfc3339";
                    event.put("time", "\"yesterday at " + i + "\"");
                }
                case 2 -> {
                    kind = "attribute-an-object";
                    event.put("subject", "{\"id\":" + i + "}");
                }
                case 3 -> {
                    kind = "unknown-attribute";
                    event.put("payload" + i, "\"x\"");
                }
                case 4 -> {
                    kind = "attribute-too-long";
                    event.put("subject", "\"" + "s".repeat(257 + i) + "\"");
                }
                case 5 -> {
                    kind = "specversion-0.3";
                    event.put("specversion", "\"0.3\"");
                    contentType = "application/cloudevents+json";
                }
                case 6 -> {
                    kind = "reserved-extension";
                    event.put("specversion", "\"1.0\"");
                    event.put("waybillcollector", "\"forged\"");
                    contentType = "application/cloudevents+json";
                }
                case 7 -> {
                    kind = "duplicate-id";
                    error = "duplicate-id";
                }
                case 8 -> {
                    kind = "empty-batch";
                    error = "empty-batch";
                }
                case 9 -> {
                    kind = "not-an-event";
                    error = "not-an-event";
                }
                default -> {
                    kind = "empty-id";
                    event.put("id", "\"  \"");
                }
            }
            body = switch (kind) {
                case "duplicate-id" -> "[" + object(event) + "," + object(event) + "]";
                case "empty-batch" -> i % 2 == 0 ? "[]" : "[ ]";
                case "not-an-event" -> i % 2 == 0 ? "42" : "\"an event\"";
                default -> object(event);
            };
            bad.add(new Bad(kind, contentType, utf8(body), TOKEN, Map.of(), "POST", "/v1/events", 422, error));
        }
        // Binary mode without its attributes.
        for (int i = 0; i < 30; i++) {
            bad.add(new Bad(
                    "binary-missing-contract",
                    "application/json",
                    utf8(goodData),
                    TOKEN,
                    Map.of("ce-specversion", "1.0", "ce-id", uid(), "ce-type", "Clicked", "ce-subject", "s"),
                    "POST",
                    "/v1/events",
                    422,
                    "invalid-envelope"));
        }
        // Tokens.
        String event = click(uid(), contract, "s", goodData);
        for (int i = 0; i < 160; i++) {
            switch (i % 4) {
                case 0 ->
                    bad.add(new Bad(
                            "missing-token",
                            "application/json",
                            utf8(event),
                            null,
                            Map.of(),
                            "POST",
                            "/v1/events",
                            401,
                            "missing-token"));
                case 1 ->
                    bad.add(new Bad(
                            "unknown-token",
                            "application/json",
                            utf8(event),
                            "not-a-known-token-" + random.nextInt(),
                            Map.of(),
                            "POST",
                            "/v1/events",
                            401,
                            "invalid-token"));
                case 2 ->
                    bad.add(new Bad(
                            "basic-auth",
                            "application/json",
                            utf8(event),
                            "Basic dXNlcjpwYXNz",
                            Map.of(),
                            "POST",
                            "/v1/events",
                            401,
                            "invalid-token"));
                default ->
                    bad.add(new Bad(
                            "contract-not-allowed",
                            "application/json",
                            utf8(event),
                            OTHER_TOKEN,
                            Map.of(),
                            "POST",
                            "/v1/events",
                            403,
                            "contract-not-allowed"));
            }
        }
        // Content types.
        String[] types = {
            "text/plain",
            "application/xml",
            null,
            "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded"
        };
        for (int i = 0; i < 100; i++) {
            bad.add(new Bad(
                    "content-type-" + types[i % types.length],
                    types[i % types.length],
                    utf8(event),
                    TOKEN,
                    Map.of(),
                    "POST",
                    "/v1/events",
                    415,
                    "unsupported-media-type"));
        }
        // Wrong method and path.
        for (int i = 0; i < 10; i++) {
            bad.add(new Bad(
                    "get-events", null, new byte[0], TOKEN, Map.of(), "GET", "/v1/events", 405, "method-not-allowed"));
            bad.add(new Bad(
                    "unknown-path",
                    "application/json",
                    utf8(event),
                    TOKEN,
                    Map.of(),
                    "POST",
                    "/v2/events",
                    404,
                    "not-found"));
        }
        java.util.Collections.shuffle(bad, random);
        return bad;
    }

    private static Bad json(String kind, String body, int status, String error) {
        return new Bad(kind, "application/json", utf8(body), TOKEN, Map.of(), "POST", "/v1/events", status, error);
    }

    private static Map<String, String> event(String contract, String data) {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("contract", "\"" + contract + "\"");
        event.put("version", "\"1.0.0\"");
        event.put("id", "\"" + uid() + "\"");
        event.put("type", "\"Clicked\"");
        event.put("subject", "\"s\"");
        event.put("data", data);
        return event;
    }

    private static String object(Map<String, String> members) {
        StringBuilder json = new StringBuilder("{");
        members.forEach((name, value) -> json.append(json.length() == 1 ? "" : ",")
                .append('"')
                .append(name)
                .append("\":")
                .append(value));
        return json.append('}').toString();
    }

    private static String randomText(Random random, int length) {
        String alphabet = "abc{}[]:,\"\\ 0123456789";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unused")
    private static Map<String, String> none() {
        return new HashMap<>();
    }
}
