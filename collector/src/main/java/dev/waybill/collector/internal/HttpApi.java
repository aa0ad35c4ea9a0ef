package dev.waybill.collector.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's HTTP endpoints: {@code POST /v1/events} (and its CORS preflight), {@code /health/live},
 * {@code /health/ready} and {@code /metrics}. Every error is JSON: {@code {"error": code, "message": ...}}.
 */
public final class HttpApi {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of a refused body is read away before answering (as Tomcat's maxSwallowSize). */
    private static final long SWALLOW = 2L * 1024 * 1024;

    private static final Set<String> MEDIA_TYPES = Set.of(
            EnvelopeReader.JSON, EnvelopeReader.NDJSON, EnvelopeReader.CLOUDEVENTS, EnvelopeReader.CLOUDEVENTS_BATCH);

    /** What the endpoints need; built by {@code Collector}. */
    public record Parts(
            Vertx vertx,
            Tokens tokens,
            boolean anonymous,
            RateLimits rateLimits,
            EventSink sink,
            RawRecords records,
            CollectorMetrics metrics,
            KafkaHealth kafka,
            String ackMode,
            long maxRequestSize,
            int maxEvents,
            long maxEventSize,
            int maxAttributeLength,
            String rawTopicSuffix,
            boolean recordClientAddress,
            boolean trustForwardedFor,
            List<String> corsOrigins) {}

    private final Parts parts;
    private final Cors cors;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;

    public HttpApi(Parts parts) {
        this.parts = parts;
        this.cors = new Cors(parts.corsOrigins());
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Readiness turns false: load balancers stop sending; requests still arriving are answered. */
    public void stopping() {
        stopping = true;
    }

    public boolean ready() {
        if (stopping) {
            return false;
        }
        return parts.ackMode().equals("kafka")
                ? parts.kafka().reachable()
                : parts.sink().hasRoom();
    }

    public void handle(HttpServerRequest request) {
        String path = request.path();
        try {
            switch (path) {
                case "/v1/events" -> {
                    if (request.method() == HttpMethod.POST) {
                        events(request);
                    } else if (request.method() == HttpMethod.OPTIONS) {
                        cors.preflight(request);
                    } else {
                        throw new ApiException(405, "method-not-allowed", request.method() + " " + path + ": use POST");
                    }
                }
                case "/health/live" -> json(request.response(), 200, Map.of("status", "UP"));
                case "/health/ready" -> readiness(request);
                case "/metrics" ->
                    request.response()
                            .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                            .end(parts.metrics().scrape());
                default ->
                    throw new ApiException(404, "not-found", "no endpoint " + path + ": events go to POST /v1/events");
            }
        } catch (ApiException e) {
            error(request, e, System.nanoTime());
        }
    }

    /** A request HTTP itself cannot read (a request line or headers too long, broken framing): JSON too. */
    public void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status = 400;
        String code = "malformed-request";
        if (cause instanceof io.netty.handler.codec.TooLongFrameException) {
            String message = String.valueOf(cause.getMessage());
            status = message.contains("header") ? 431 : 414;
            code = status == 431 ? "headers-too-large" : "uri-too-long";
        }
        parts.metrics().rejected(code, status);
        HttpServerResponse response = request.response();
        response.putHeader("connection", "close");
        json(response, status, Map.of("error", code, "message", "the request is not valid HTTP: " + cause))
                .onComplete(v -> request.connection().close());
    }

    private void readiness(HttpServerRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        boolean ready = ready();
        body.put("status", ready ? "UP" : "DOWN");
        body.put("kafka", parts.kafka().reachable() ? "reachable" : "unreachable");
        body.put("mode", parts.ackMode());
        body.put("bufferedEvents", parts.sink().bufferedEvents());
        if (stopping) {
            body.put("stopping", true);
        }
        json(request.response(), ready ? 200 : 503, body);
    }

    private void events(HttpServerRequest request) {
        long started = System.nanoTime();
        inFlight.incrementAndGet();
        Context context = Vertx.currentContext();
        Tokens.Producer producer;
        try {
            producer = authenticate(request);
            String contentType = request.getHeader("content-type");
            boolean binary = request.getHeader("ce-specversion") != null;
            if (!binary && !MEDIA_TYPES.contains(EnvelopeReader.mediaType(contentType))) {
                throw new ApiException(
                        415,
                        "unsupported-media-type",
                        (contentType == null
                                        ? "the request has no Content-Type"
                                        : "Content-Type " + contentType + " is not accepted")
                                + ": send application/json, application/x-ndjson, application/cloudevents+json,"
                                + " application/cloudevents-batch+json, or CloudEvents binary mode (ce-* headers)");
            }
            String length = request.getHeader("content-length");
            if (length != null) {
                long declared;
                try {
                    declared = Long.parseLong(length.trim());
                } catch (NumberFormatException e) {
                    throw new ApiException(400, "malformed-request", "Content-Length is not a number");
                }
                if (declared > parts.maxRequestSize()) {
                    throw tooLarge(declared);
                }
            }
        } catch (ApiException e) {
            inFlight.decrementAndGet();
            error(request, e, started);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] failed = {false};
        request.handler(chunk -> {
            if (failed[0]) {
                return;
            }
            if (body.length() + chunk.length() > parts.maxRequestSize()) {
                failed[0] = true;
                inFlight.decrementAndGet();
                error(request, tooLarge(body.length() + chunk.length()), started);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> {
            if (!failed[0]) {
                failed[0] = true;
                inFlight.decrementAndGet();
                LOG.debug("Request failed while reading: {}", e.toString());
            }
        });
        request.endHandler(v -> {
            if (failed[0]) {
                return;
            }
            process(request, producer, body.getBytes(), started, context);
        });
    }

    private ApiException tooLarge(long size) {
        return new ApiException(
                413,
                "request-too-large",
                "the request body has " + size + "+ bytes; the limit is " + parts.maxRequestSize(),
                Map.of("limit", parts.maxRequestSize()));
    }

    private Tokens.Producer authenticate(HttpServerRequest request) {
        String authorization = request.getHeader("authorization");
        if (authorization == null) {
            if (parts.anonymous()) {
                return Tokens.ANONYMOUS;
            }
            throw new ApiException(401, "missing-token", "send the producer's token: Authorization: Bearer <token>");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || authorization.length() <= 7) {
            throw new ApiException(401, "invalid-token", "the Authorization header must be 'Bearer <token>'");
        }
        if (parts.tokens() == null) {
            return Tokens.ANONYMOUS;
        }
        return parts.tokens()
                .producer(authorization.substring(7).trim())
                .orElseThrow(() -> new ApiException(401, "invalid-token", "the token is not known"));
    }

    private void process(
            HttpServerRequest request, Tokens.Producer producer, byte[] body, long started, Context context) {
        List<ProducerRecord<byte[], byte[]>> records;
        long bytes = 0;
        try {
            Map<String, String> ce = new TreeMap<>();
            request.headers().forEach(header -> {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                if (name.startsWith("ce-") && name.length() > 3) {
                    ce.put(name, header.getValue());
                }
            });
            List<Envelope> events = new EnvelopeReader(
                            parts.maxEvents(), parts.maxEventSize(), parts.maxAttributeLength(), parts.rawTopicSuffix())
                    .read(request.getHeader("content-type"), ce, body);
            for (Envelope event : events) {
                if (!producer.allows(event.contract())) {
                    throw new ApiException(
                            403,
                            "contract-not-allowed",
                            "producer " + producer.name() + " may not send events of " + event.contract()
                                    + ". Nothing of the request was written",
                            Map.of("contract", event.contract()));
                }
                bytes += event.data().length;
            }
            parts.rateLimits().take(producer.name(), events.size());
            records =
                    parts.records().build(events, producer.name(), Instant.now().toString(), clientAddress(request));
        } catch (ApiException e) {
            inFlight.decrementAndGet();
            error(request, e, started);
            return;
        } catch (RuntimeException e) {
            inFlight.decrementAndGet();
            LOG.error("Unexpected failure reading a request", e);
            error(request, new ApiException(500, "internal-error", "the collector failed: " + e), started);
            return;
        }
        int count = records.size();
        parts.sink()
                .write(records, bytes)
                .whenComplete((ok, failure) -> context.runOnContext(v -> {
                    inFlight.decrementAndGet();
                    if (failure == null) {
                        parts.metrics().accepted(producer.name(), count);
                        Map<String, Object> accepted = new LinkedHashMap<>();
                        accepted.put("accepted", count);
                        accepted.put("acknowledgedBy", parts.ackMode().equals("kafka") ? "kafka" : "buffer");
                        HttpServerResponse response = request.response();
                        cors.addHeaders(request, response);
                        json(response, parts.ackMode().equals("kafka") ? 200 : 202, accepted);
                        parts.metrics().request("accepted", Duration.ofNanos(System.nanoTime() - started));
                    } else {
                        Throwable cause = failure instanceof java.util.concurrent.CompletionException
                                        && failure.getCause() != null
                                ? failure.getCause()
                                : failure;
                        ApiException error = cause instanceof ApiException api
                                ? api
                                : new ApiException(503, "kafka-unavailable", "Kafka did not take the events: " + cause);
                        error(request, error, started);
                    }
                }));
    }

    private String clientAddress(HttpServerRequest request) {
        if (!parts.recordClientAddress()) {
            return null;
        }
        if (parts.trustForwardedFor()) {
            String forwarded = request.getHeader("x-forwarded-for");
            if (forwarded != null && !forwarded.isBlank()) {
                return forwarded.split(",")[0].trim();
            }
        }
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    private void error(HttpServerRequest request, ApiException e, long started) {
        parts.metrics().rejected(e.code(), e.status());
        parts.metrics().request("rejected", Duration.ofNanos(System.nanoTime() - started));
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.code());
        body.put("message", e.getMessage());
        body.putAll(e.details());
        Object retryAfter = e.details().get("retryAfterSeconds");
        if (retryAfter != null) {
            response.putHeader("retry-after", String.valueOf(retryAfter));
        }
        if (e.status() == 401) {
            response.putHeader("www-authenticate", "Bearer realm=\"waybill\"");
        }
        cors.addHeaders(request, response);
        if (request.isEnded()) {
            json(response, e.status(), body);
            return;
        }
        // The answer does not need the rest of the body, but a client that is still sending it would see a broken
        // pipe instead of the answer if the connection closed now: read it away, up to a bound, then answer.
        long bound = parts.maxRequestSize() + SWALLOW;
        String declared = request.getHeader("content-length");
        if (declared != null && parseLong(declared) > bound) {
            response.putHeader("connection", "close");
            json(response, e.status(), body)
                    .onComplete(v -> request.connection().close());
            return;
        }
        long[] read = {0};
        request.handler(chunk -> {
            read[0] += chunk.length();
            if (read[0] > bound && !response.ended()) {
                response.putHeader("connection", "close");
                json(response, e.status(), body)
                        .onComplete(v -> request.connection().close());
            }
        });
        request.endHandler(v -> {
            if (!response.ended()) {
                json(response, e.status(), body);
            }
        });
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    private static io.vertx.core.Future<Void> json(HttpServerResponse response, int status, Map<String, Object> body) {
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            text = "{\"error\":\"internal-error\",\"message\":\"the response cannot be written\"}";
        }
        return response.setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(text);
    }
}
