package dev.waybill.benchmarks;

import dev.waybill.collector.Collector;
import dev.waybill.collector.CollectorConfig;
import dev.waybill.collector.CollectorSetting.Scope;
import dev.waybill.collector.CollectorSettings;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.Testkit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The collector ({@code waybill collect}) against the same Vert.x server producing each event to Kafka without any
 * check ({@link PlainHttpToKafka}), single events and batches, in {@code kafka} ack mode; and the validator ({@code
 * waybill validate}, Kafka Streams exactly_once_v2) against a plain at-least-once consumer-producer loop ({@link
 * PlainConsumerProducer}) on the same raw backlog. Compared configurations run alternately in one run.
 */
final class CollectorSection implements Section {

    private static final String CONTRACT = "bench.order-placed";
    private static final String BASELINE_TOPIC = "bench.collector-baseline";
    private static final String BACKLOG_SUFFIX = ".backlog";
    private static final String DEAD_LETTER_TOPIC = "bench.dead-letter";
    private static final String PLAIN_COPY_TOPIC = "bench.plain-copy";
    private static final int PARTITIONS = 2;
    private static final int ROUNDS = 3;
    private static final int CONCURRENCY = 32;
    private static final int BATCH = 100;
    private static final Duration WARM_UP = Duration.ofSeconds(2);
    private static final Duration MEASURED = Duration.ofSeconds(8);
    private static final int BACKLOG = 100_000;
    private static final int BREAKING_EVERY = 20;

    @Override
    public String key() {
        return "collector";
    }

    @Override
    public List<Figure> figures(Map<String, Object> data) {
        List<Figure> figures = new ArrayList<>();
        for (Map<String, Object> row : FigureData.rows(data, "http")) {
            figures.add(Figure.of(
                    key() + ".http-" + row.get("shape") + "-to-baseline",
                    "`waybill collect` / plain Vert.x to Kafka, events/s, " + row.get("eventsPerRequest")
                            + " per request",
                    FigureData.number(row, "ratio"),
                    "ratio",
                    FigureData.numbers(row, "ratios")));
        }
        if (FigureData.has(data, "validator")) {
            figures.add(Figure.of(
                    key() + ".validator-to-plain-loop",
                    "`waybill validate` / plain consumer-producer loop, events/s",
                    FigureData.number(data, "validator", "ratio"),
                    "ratio",
                    FigureData.numbers(data, "validator", "ratios")));
        }
        return figures;
    }

    @Override
    public Map<String, Object> run() throws Exception {
        TestKafka kafka = Testkit.kafka();
        String servers = kafka.bootstrapServers();
        createTopics(
                servers,
                CONTRACT + ".raw",
                BASELINE_TOPIC,
                CONTRACT + BACKLOG_SUFFIX,
                CONTRACT + ".v1",
                DEAD_LETTER_TOPIC,
                PLAIN_COPY_TOPIC);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("loadAverageBefore", loadAverage());
        figures.put("concurrency", CONCURRENCY);
        figures.put("batchSize", BATCH);
        figures.put("rounds", ROUNDS);
        figures.put("measuredSeconds", MEASURED.toSeconds());
        figures.put("eventBytes", event(0).length);
        figures.put("http", http(servers));
        figures.put("backlogEvents", BACKLOG);
        figures.put("validator", validator(servers));
        figures.put("loadAverageAfter", loadAverage());
        return figures;
    }

    // ---- HTTP: collector against the plain Vert.x-to-Kafka server

    private static List<Map<String, Object>> http(String servers) throws Exception {
        List<byte[]> singles = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            singles.add(event(i));
        }
        List<byte[]> batches = new ArrayList<>();
        for (int b = 0; b < 20; b++) {
            batches.add(batch(b * BATCH, BATCH));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Collector collector = Collector.start(collectorConfig(servers, ".raw", "bench-collector"));
                PlainHttpToKafka baseline = PlainHttpToKafka.start(servers, BASELINE_TOPIC)) {
            awaitReady(collector);
            Map<String, String> urls = new LinkedHashMap<>();
            urls.put("collector", "http://127.0.0.1:" + collector.port() + "/v1/events");
            urls.put("baseline", "http://127.0.0.1:" + baseline.port() + "/v1/events");
            for (String shape : List.of("single", "batch")) {
                Map<String, List<HttpLoad.Result>> results = new HashMap<>();
                List<Double> ratios = new ArrayList<>();
                // Round 0 warms up (JIT, connections, producer metadata) and is not counted.
                for (int round = 0; round <= ROUNDS; round++) {
                    List<String> order =
                            round % 2 == 1 ? List.of("collector", "baseline") : List.of("baseline", "collector");
                    Map<String, HttpLoad.Result> thisRound = new HashMap<>();
                    for (String server : order) {
                        HttpLoad.Result result = shape.equals("single")
                                ? HttpLoad.run(
                                        urls.get(server),
                                        "application/json",
                                        singles,
                                        1,
                                        CONCURRENCY,
                                        WARM_UP,
                                        MEASURED)
                                : HttpLoad.run(
                                        urls.get(server),
                                        "application/x-ndjson",
                                        batches,
                                        BATCH,
                                        CONCURRENCY,
                                        WARM_UP,
                                        MEASURED);
                        System.out.printf(
                                Locale.ROOT,
                                "  %s %s round %d: %.0f events/s, p50 %.1f ms, p99 %.1f ms, %d failed%n",
                                shape,
                                server,
                                round,
                                result.eventsPerSecond(),
                                result.percentileMillis(50),
                                result.percentileMillis(99),
                                result.failures());
                        thisRound.put(server, result);
                        if (round > 0) {
                            results.computeIfAbsent(server, s -> new ArrayList<>())
                                    .add(result);
                        }
                    }
                    if (round == 0) {
                        continue;
                    }
                    ratios.add(thisRound.get("collector").eventsPerSecond()
                            / thisRound.get("baseline").eventsPerSecond());
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("shape", shape);
                row.put("eventsPerRequest", shape.equals("single") ? 1 : BATCH);
                row.put("collector", summary(results.get("collector")));
                row.put("baseline", summary(results.get("baseline")));
                row.put("ratios", ratios.stream().map(r -> Stats.round(r, 2)).toList());
                row.put("ratio", Stats.round(Stats.median(ratios), 2));
                rows.add(row);
            }
        }
        return rows;
    }

    private static Map<String, Object> summary(List<HttpLoad.Result> rounds) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put(
                "eventsPerSecond",
                Math.round(Stats.median(
                        rounds.stream().map(HttpLoad.Result::eventsPerSecond).toList())));
        summary.put(
                "requestsPerSecond",
                Math.round(Stats.median(
                        rounds.stream().map(r -> r.requests() / r.seconds()).toList())));
        summary.put(
                "p50Millis",
                Stats.round(
                        Stats.median(
                                rounds.stream().map(r -> r.percentileMillis(50)).toList()),
                        1));
        summary.put(
                "p99Millis",
                Stats.round(
                        Stats.median(
                                rounds.stream().map(r -> r.percentileMillis(99)).toList()),
                        1));
        summary.put(
                "failedRequests",
                rounds.stream().mapToLong(HttpLoad.Result::failures).sum());
        return summary;
    }

    // ---- Validator: waybill validate against a plain consumer-producer loop, on one backlog

    private static Map<String, Object> validator(String servers) throws Exception {
        try (Collector filler = Collector.start(collectorConfig(servers, BACKLOG_SUFFIX, "bench-filler"))) {
            awaitReady(filler);
            List<byte[]> bodies = new ArrayList<>();
            for (int first = 0; first < BACKLOG; first += BATCH) {
                bodies.add(batch(first, BATCH));
            }
            HttpLoad.postAll("http://127.0.0.1:" + filler.port() + "/v1/events", "application/x-ndjson", bodies, 4);
        }
        return new ValidatorThroughput(servers, CONTRACT + ".v1", DEAD_LETTER_TOPIC, PLAIN_COPY_TOPIC, PARTITIONS)
                .compare(BACKLOG_SUFFIX, BACKLOG, ROUNDS);
    }

    // ---- Set-up

    private static CollectorConfig collectorConfig(String servers, String rawSuffix, String instance) {
        return CollectorConfig.builder(Scope.COLLECT)
                .kafka(servers)
                .set(CollectorSettings.INSTANCE, instance)
                .set(CollectorSettings.HTTP_HOST, "127.0.0.1")
                .set(CollectorSettings.HTTP_PORT, 0)
                .set(CollectorSettings.RAW_TOPIC_SUFFIX, rawSuffix)
                .set(CollectorSettings.ANONYMOUS, true)
                .set(CollectorSettings.RATE_LIMIT, 0)
                .build();
    }

    private static void awaitReady(Collector collector) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!collector.ready()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the collector did not become ready");
            }
            Thread.sleep(50);
        }
    }

    /**
     * Makes {@code topics} with {@link #PARTITIONS} partitions, and grows those an earlier section left with fewer
     * (the latency section's relay creates {@code bench.order-placed.v1} with the broker's one): the validator
     * benchmark counts every partition of its output topics.
     */
    private static void createTopics(String servers, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            List<String> present = new ArrayList<>();
            for (String topic : topics) {
                if (existing.contains(topic)) {
                    present.add(topic);
                } else {
                    missing.add(new NewTopic(topic, PARTITIONS, (short) 1));
                }
            }
            admin.createTopics(missing).all().get();
            Map<String, NewPartitions> grow = new HashMap<>();
            admin.describeTopics(present).allTopicNames().get().forEach((topic, description) -> {
                if (description.partitions().size() < PARTITIONS) {
                    grow.put(topic, NewPartitions.increaseTo(PARTITIONS));
                }
            });
            admin.createPartitions(grow).all().get();
        }
    }

    /** One {@code bench.order-placed} event in the collector's envelope; every 20th breaks its contract. */
    private static byte[] event(int n) {
        return ("{\"contract\":\"" + CONTRACT + "\",\"version\":\"1.0.0\",\"id\":\"" + new UUID(42, n)
                        + "\",\"type\":\"OrderPlaced\",\"subject\":\"ORD-" + n + "\",\"data\":{\"orderId\":\"ORD-" + n
                        + "\",\"customerId\":\"CUS-" + n % 977 + "\",\"amountCents\":"
                        + (n % BREAKING_EVERY == 0 ? -1 : 1250) + ",\"currency\":\"EUR\",\"items\":1,"
                        + "\"channel\":\"web\",\"occurredAt\":\"2026-11-26T10:15:30Z\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** {@code size} events from number {@code first} as NDJSON. */
    private static byte[] batch(int first, int size) {
        StringBuilder ndjson = new StringBuilder();
        for (int n = first; n < first + size; n++) {
            ndjson.append(new String(event(n), StandardCharsets.UTF_8)).append('\n');
        }
        return ndjson.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    // ---- Markdown

    @Override
    @SuppressWarnings("unchecked")
    public String markdown(Map<String, Object> figures) {
        StringBuilder md = new StringBuilder("## Collector\n\n");
        md.append("### HTTP intake (`waybill collect`)\n\n");
        md.append("The collector in `kafka` ack mode (answered once Kafka acknowledged every event of the request) ")
                .append("against a baseline on the same server library and producer settings (Vert.x, one event ")
                .append("loop per core; acks=all, idempotent, linger.ms=5) that produces each line of the body ")
                .append("to a topic unread: no parsing, no envelope checks, no key, no headers. ")
                .append(figures.get("concurrency"))
                .append(" clients in a closed loop (JDK `HttpClient`, HTTP/1.1 kept alive) in the same JVM, ")
                .append(figures.get("eventBytes"))
                .append("-byte events, one per request (`application/json`) or ")
                .append(figures.get("batchSize"))
                .append(" per request (NDJSON); ")
                .append(figures.get("rounds"))
                .append(" alternating rounds of ")
                .append(figures.get("measuredSeconds"))
                .append(" s each after 2 s of warm-up (after a first, uncounted round of both); ")
                .append("medians. Client, servers and the embedded Kafka share the same cores. With one event per ")
                .append("request both servers are bound by the wait for Kafka's acknowledgement (linger.ms=5 plus the ")
                .append("append): requests/s is about clients / latency, so their ratio stays near 1 unless the ")
                .append("checks cost milliseconds; batches of 100 show what parsing, the envelope checks and the ")
                .append("records' keys and headers cost.\n\n");
        md.append("| requests | server | events/s | requests/s | p50 ms | p99 ms | failed | collector / baseline |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---|\n");
        for (Map<String, Object> row : (List<Map<String, Object>>) figures.get("http")) {
            String shape =
                    row.get("shape").equals("single") ? "single events" : "batches of " + row.get("eventsPerRequest");
            for (String server : List.of("collector", "baseline")) {
                Map<String, Object> s = (Map<String, Object>) row.get(server);
                md.append(String.format(
                        Locale.ENGLISH,
                        "| %s | %s | %,d | %,d | %.1f | %.1f | %d | %s |%n",
                        shape,
                        server.equals("collector") ? "collector" : "plain Vert.x to Kafka",
                        ((Number) s.get("eventsPerSecond")).longValue(),
                        ((Number) s.get("requestsPerSecond")).longValue(),
                        ((Number) s.get("p50Millis")).doubleValue(),
                        ((Number) s.get("p99Millis")).doubleValue(),
                        ((Number) s.get("failedRequests")).longValue(),
                        server.equals("collector")
                                ? String.format(Locale.ROOT, "**%.2f** (rounds: %s)", number(row, "ratio"), rounds(row))
                                : ""));
            }
        }
        Map<String, Object> validator = (Map<String, Object>) figures.get("validator");
        md.append("\n### Stream validation (`waybill validate`)\n\n");
        md.append("A backlog of ")
                .append(String.format(Locale.ENGLISH, "%,d", ((Number) figures.get("backlogEvents")).longValue()))
                .append(" events in a 2-partition raw topic, written by the collector (every 20th breaks its ")
                .append("contract), drained by the validator (Kafka Streams, `exactly_once_v2`, one stream thread, ")
                .append("contract validation and routing to the contract's topic or the dead-letter topic) and by a ")
                .append("plain consumer-producer loop (one thread, at least once: send, flush, commit; no ")
                .append("validation, every record copied to one topic), alternately, ")
                .append(figures.get("rounds"))
                .append(" rounds each after an uncounted one. Events per second from the first committed output to ")
                .append("the last (start-up and group joining not counted); medians.\n\n");
        md.append("| consumer | events/s |\n|---|---:|\n");
        md.append(String.format(
                Locale.ENGLISH,
                "| `waybill validate` | %,d |%n| plain consumer-producer loop | %,d |%n",
                ((Number) validator.get("validatorEventsPerSecond")).longValue(),
                ((Number) validator.get("plainEventsPerSecond")).longValue()));
        md.append(String.format(
                Locale.ROOT,
                "%nValidator / plain loop: **%.2f** (rounds: %s).%n",
                number(validator, "ratio"),
                rounds(validator)));
        md.append("\nLoad average of the machine (shared with other work) before / after this section: ")
                .append(figures.get("loadAverageBefore"))
                .append(" / ")
                .append(figures.get("loadAverageAfter"))
                .append(".\n");
        return md.toString();
    }

    private static double number(Map<String, Object> figures, String key) {
        return ((Number) figures.get(key)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static String rounds(Map<String, Object> figures) {
        return String.join(
                ", ",
                ((List<Number>) figures.get("ratios"))
                        .stream()
                                .map(r -> String.format(Locale.ROOT, "%.2f", r.doubleValue()))
                                .toList());
    }
}
