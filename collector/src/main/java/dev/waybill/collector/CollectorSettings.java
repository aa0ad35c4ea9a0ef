package dev.waybill.collector;

import static dev.waybill.collector.CollectorSetting.Scope.BOTH;
import static dev.waybill.collector.CollectorSetting.Scope.COLLECT;
import static dev.waybill.collector.CollectorSetting.Scope.VALIDATE;

import dev.waybill.collector.CollectorSetting.Scope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every setting of {@code waybill collect} and {@code waybill validate}, declared once: YAML key, environment
 * variable, type, default, meaning. {@code docs/collector.md}'s table is generated from this list
 * ({@link #markdownTable()}) and a test keeps the two equal.
 */
public final class CollectorSettings {

    private static final Pattern TOPIC_PART = Pattern.compile("[a-zA-Z0-9._-]{1,200}");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._:/@-]{1,200}");

    public static final CollectorSetting<String> BOOTSTRAP_SERVERS = CollectorSetting.of(
                    "kafka.bootstrap-servers",
                    BOTH,
                    CollectorSettingType.text("host:port[,host:port...]", Pattern.compile("[^\\s,]+(,[^\\s,]+)*")),
                    "the brokers")
            .required("the brokers, host:port[,host:port...]");

    public static final CollectorSetting<String> RAW_TOPIC_SUFFIX = CollectorSetting.of(
                    "kafka.raw-topic-suffix",
                    BOTH,
                    CollectorSettingType.text("1-200 of a-z A-Z 0-9 . _ -", TOPIC_PART),
                    "raw topic of a contract: `<contract><suffix>`; the validator reads every topic ending in it")
            .byDefault(".raw");

    public static final CollectorSetting<String> INSTANCE = CollectorSetting.of(
                    "collector.instance",
                    BOTH,
                    CollectorSettingType.text("1-200 of a-z A-Z 0-9 . _ : / @ -", NAME),
                    "this instance's name: `ce_waybillcollector` on raw records, `ce_waybillrelay` on validated ones")
            .derived("the host name (`HOSTNAME`, else the system's)", config -> hostName());

    public static final CollectorSetting<String> SOURCE = CollectorSetting.of(
                    "collector.source",
                    BOTH,
                    CollectorSettingType.text("a URI reference", Pattern.compile("\\S{1,200}")),
                    "the CloudEvents `source` of events that do not name one")
            .byDefault("/waybill/collector");

    public static final CollectorSetting<String> HTTP_HOST = CollectorSetting.of(
                    "http.host", BOTH, CollectorSettingType.text("a host name or address", NAME), "listen address")
            .byDefault("0.0.0.0");

    public static final CollectorSetting<Integer> HTTP_PORT = CollectorSetting.of(
                    "http.port",
                    BOTH,
                    CollectorSettingType.integer(0, 65535),
                    "listen port: events (collect), health and metrics (both); `0` picks a free port")
            .byDefault(8080);

    public static final CollectorSetting<AckMode> ACK_MODE = CollectorSetting.of(
                    "collector.ack-mode",
                    COLLECT,
                    CollectorSettingType.enumeration(AckMode.class),
                    "`kafka`: answer after Kafka acknowledged every event of the request; `buffered`: after they are"
                            + " in this instance's bounded buffer ([Guarantees](#guarantees))")
            .byDefault(AckMode.KAFKA);

    public static final CollectorSetting<Duration> ACK_TIMEOUT = CollectorSetting.of(
                    "collector.ack-timeout",
                    COLLECT,
                    CollectorSettingType.duration(),
                    "`kafka` mode: how long a request waits for Kafka before it fails with 503 `kafka-unavailable`")
            .byDefault(Duration.ofSeconds(10));

    public static final CollectorSetting<Integer> BUFFER_MAX_EVENTS = CollectorSetting.of(
                    "collector.buffer-max-events",
                    COLLECT,
                    CollectorSettingType.integer(1, 10_000_000),
                    "`buffered` mode: events held until Kafka acknowledges them; beyond, 503 `buffer-full`")
            .byDefault(100_000);

    public static final CollectorSetting<Long> BUFFER_MAX_BYTES = CollectorSetting.of(
                    "collector.buffer-max-bytes",
                    COLLECT,
                    CollectorSettingType.size(),
                    "`buffered` mode: payload bytes held until Kafka acknowledges them; beyond, 503 `buffer-full`")
            .byDefault(64L * 1024 * 1024);

    public static final CollectorSetting<Duration> SHUTDOWN_TIMEOUT = CollectorSetting.of(
                    "collector.shutdown-timeout",
                    COLLECT,
                    CollectorSettingType.duration(),
                    "how long SIGTERM waits for requests in flight and, in `buffered` mode, for the buffer to drain")
            .byDefault(Duration.ofSeconds(30));

    public static final CollectorSetting<Boolean> RECORD_CLIENT_ADDRESS = CollectorSetting.of(
                    "collector.record-client-address",
                    COLLECT,
                    CollectorSettingType.bool(),
                    "add the client's address as `ce_waybillclientaddress` (personal data in some jurisdictions)")
            .byDefault(false);

    public static final CollectorSetting<Boolean> TRUST_FORWARDED_FOR = CollectorSetting.of(
                    "collector.trust-forwarded-for",
                    COLLECT,
                    CollectorSettingType.bool(),
                    "the client address is the first of `X-Forwarded-For` (behind a load balancer that sets it)")
            .byDefault(false);

    public static final CollectorSetting<Long> MAX_REQUEST_SIZE = CollectorSetting.of(
                    "limits.max-request-size",
                    COLLECT,
                    CollectorSettingType.size(),
                    "largest request body; larger: 413 `request-too-large`")
            .byDefault(1024L * 1024);

    public static final CollectorSetting<Long> MAX_EVENT_SIZE = CollectorSetting.of(
                    "limits.max-event-size",
                    COLLECT,
                    CollectorSettingType.size(),
                    "largest payload (`data`) of one event; larger: 413 `event-too-large`. Keep it well under the"
                            + " producer's `max.request.size` (1 MiB)")
            .byDefault(256L * 1024);

    public static final CollectorSetting<Integer> MAX_EVENTS = CollectorSetting.of(
                    "limits.max-events-per-request",
                    COLLECT,
                    CollectorSettingType.integer(1, 100_000),
                    "most events in one request; more: 413 `too-many-events`")
            .byDefault(500);

    public static final CollectorSetting<Integer> MAX_ATTRIBUTE_LENGTH = CollectorSetting.of(
                    "limits.max-attribute-length",
                    COLLECT,
                    CollectorSettingType.integer(16, 8192),
                    "longest envelope attribute (`id`, `subject`, `type`...), in characters; longer: 422")
            .byDefault(256);

    public static final CollectorSetting<Path> TOKENS = CollectorSetting.of(
                    "auth.tokens",
                    COLLECT,
                    CollectorSettingType.path(),
                    "a token file, or a directory of them: one `<producer> <token> [<contract>,...]` a line"
                            + " ([Producers and tokens](#producers-and-tokens)); reloaded when changed")
            .unset("required unless `auth.anonymous`");

    public static final CollectorSetting<Boolean> ANONYMOUS = CollectorSetting.of(
                    "auth.anonymous",
                    COLLECT,
                    CollectorSettingType.bool(),
                    "accept requests without a token, as producer `anonymous` (development only)")
            .byDefault(false);

    public static final CollectorSetting<Duration> TOKENS_RELOAD_INTERVAL = CollectorSetting.of(
                    "auth.reload-interval",
                    COLLECT,
                    CollectorSettingType.duration(),
                    "how often to look for changed token files; a reload that fails keeps the previous tokens")
            .byDefault(Duration.ofSeconds(5));

    public static final CollectorSetting<Integer> RATE_LIMIT = CollectorSetting.of(
                    "rate-limit.events-per-second",
                    COLLECT,
                    CollectorSettingType.integer(0, 100_000_000),
                    "events per second each producer may send, per instance (Bucket4j); beyond, 429 with"
                            + " `Retry-After`; `0`: no limit")
            .byDefault(1000);

    public static final CollectorSetting<Integer> RATE_LIMIT_BURST = CollectorSetting.of(
                    "rate-limit.burst",
                    COLLECT,
                    CollectorSettingType.integer(1, 100_000_000),
                    "events a producer may send at once above its rate")
            .derived("2 x `rate-limit.events-per-second`", config -> Math.max(1, 2 * config.get(RATE_LIMIT)));

    public static final CollectorSetting<List<String>> CORS_ORIGINS = CollectorSetting.of(
                    "cors.allowed-origins",
                    COLLECT,
                    CollectorSettingType.list("origins separated by commas, e.g. https://shop.example.com"),
                    "browser origins allowed to post events (`*` for any); none: no CORS headers")
            .byDefault(List.of());

    public static final CollectorSetting<String> APPLICATION_ID = CollectorSetting.of(
                    "validate.application-id",
                    VALIDATE,
                    CollectorSettingType.text("1-200 of a-z A-Z 0-9 . _ -", TOPIC_PART),
                    "the Kafka Streams `application.id`: validators with the same one share the work")
            .byDefault("waybill-validate");

    public static final CollectorSetting<Integer> STREAM_THREADS = CollectorSetting.of(
                    "validate.threads",
                    VALIDATE,
                    CollectorSettingType.integer(1, 64),
                    "Kafka Streams threads of this instance (`num.stream.threads`)")
            .byDefault(1);

    public static final CollectorSetting<String> DEAD_LETTER_TOPIC = CollectorSetting.of(
                    "kafka.dead-letter-topic",
                    VALIDATE,
                    CollectorSettingType.text("1-200 of a-z A-Z 0-9 . _ -", TOPIC_PART),
                    "for events whose contract names none, or that name no known contract (as the relay's)")
            .byDefault("waybill.dead-letter");

    public static final CollectorSetting<Path> CONTRACTS_DIRECTORY = CollectorSetting.of(
                    "contracts.directory",
                    VALIDATE,
                    CollectorSettingType.path(),
                    "the contract directory ([contracts.md](contracts.md))")
            .required("the contract directory");

    public static final CollectorSetting<Duration> CONTRACTS_RELOAD_INTERVAL = CollectorSetting.of(
                    "contracts.reload-interval",
                    VALIDATE,
                    CollectorSettingType.duration(),
                    "how often to look for changed contracts; a reload that fails keeps the previous catalog")
            .byDefault(Duration.ofSeconds(10));

    public static final CollectorSetting<Boolean> ACCEPT_DRAFTS = CollectorSetting.of(
                    "contracts.accept-drafts",
                    VALIDATE,
                    CollectorSettingType.bool(),
                    "validate events of `draft`/`proposed` versions (development only)")
            .byDefault(false);

    /** Every setting, in the documentation's order. */
    public static final List<CollectorSetting<?>> ALL = List.of(
            BOOTSTRAP_SERVERS,
            RAW_TOPIC_SUFFIX,
            INSTANCE,
            SOURCE,
            HTTP_HOST,
            HTTP_PORT,
            ACK_MODE,
            ACK_TIMEOUT,
            BUFFER_MAX_EVENTS,
            BUFFER_MAX_BYTES,
            SHUTDOWN_TIMEOUT,
            RECORD_CLIENT_ADDRESS,
            TRUST_FORWARDED_FOR,
            MAX_REQUEST_SIZE,
            MAX_EVENT_SIZE,
            MAX_EVENTS,
            MAX_ATTRIBUTE_LENGTH,
            TOKENS,
            ANONYMOUS,
            TOKENS_RELOAD_INTERVAL,
            RATE_LIMIT,
            RATE_LIMIT_BURST,
            CORS_ORIGINS,
            APPLICATION_ID,
            STREAM_THREADS,
            DEAD_LETTER_TOPIC,
            CONTRACTS_DIRECTORY,
            CONTRACTS_RELOAD_INTERVAL,
            ACCEPT_DRAFTS);

    /** The settings table of {@code docs/collector.md}. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder();
        table.append("| key | environment variable | command | default | meaning |\n");
        table.append("|---|---|---|---|---|\n");
        for (CollectorSetting<?> setting : ALL) {
            table.append("| `")
                    .append(setting.key())
                    .append("` | `")
                    .append(setting.variable())
                    .append("` | ")
                    .append(command(setting.scope()))
                    .append(" | ")
                    .append(setting.documentedDefault())
                    .append(" | ")
                    .append(setting.description())
                    .append(" |\n");
        }
        table.append("| `kafka.producer.<key>` | `WAYBILL_KAFKA_PRODUCER_<KEY>` (`.` as `_`) | collect | | any Kafka"
                + " producer setting (TLS, SASL, tuning); `acks`, `enable.idempotence`, the serializers and the"
                + " timeouts of the acknowledgement mode belong to the collector and are refused |\n");
        table.append("| `kafka.streams.<key>` | `WAYBILL_KAFKA_STREAMS_<KEY>` (`.` as `_`) | validate | | any Kafka"
                + " Streams setting (TLS, SASL, `state.dir`, `producer.*`, tuning); `application.id`,"
                + " `processing.guarantee` and the serdes belong to the validator and are refused |\n");
        return table.toString();
    }

    private static String command(Scope scope) {
        return switch (scope) {
            case COLLECT -> "collect";
            case VALIDATE -> "validate";
            case BOTH -> "both";
        };
    }

    static String hostName() {
        String host = System.getenv("HOSTNAME");
        if (host != null && !host.isBlank()) {
            return host;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "collector";
        }
    }

    private CollectorSettings() {}
}
