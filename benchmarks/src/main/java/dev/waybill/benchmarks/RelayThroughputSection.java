package dev.waybill.benchmarks;

import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.relay.Relay;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelaySettings;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.Testkit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Draining a committed backlog to Kafka: the relay (validating every event) against the decoding ceiling and a
 * plain Debezium + EventRouter pipeline, each reading its own replication slot over the same WAL, alternating order
 * round after round.
 */
final class RelayThroughputSection implements Section {

    private static final int EVENTS = Integer.getInteger("waybill.bench.backlog", 200_000);
    private static final int ROUNDS = Integer.getInteger("waybill.bench.rounds", 5);
    private static final int WARM_UP_EVENTS = EVENTS;
    private static final String PUBLICATION = "waybill_outbox";
    /**
     * Extra relay pipelines (rows) with other producer settings, to measure a setting against the default in the same
     * run: {@code -Dwaybill.bench.relay-variants=lz4:compression.type=lz4;batch256k:batch.size=262144,linger.ms=5}.
     */
    private static final Map<String, Map<String, String>> VARIANTS =
            variants(System.getProperty("waybill.bench.relay-variants", ""));

    private static final List<String> CONTRACT_TOPICS =
            List.of("bench.order-placed.v1", "bench.payment-captured.v1", "bench.parcel-shipped.v1");
    private static final Map<String, String> SYSTEM_KEYS = Map.of(
            "relay", "relay-rows",
            "relayMessages", "relay-messages",
            "plainDebezium", "plain-debezium",
            "decoding", "decoding-rows",
            "decodingMessages", "decoding-messages");
    private static final Map<String, String> SYSTEM_LABELS = Map.of(
            "relay", "relay, rows",
            "relayMessages", "relay, messages",
            "plainDebezium", "plain Debezium + EventRouter, rows",
            "decoding", "decoding ceiling, rows",
            "decodingMessages", "decoding ceiling, messages");

    @Override
    public String key() {
        return "relay-throughput";
    }

    @Override
    public List<Figure> figures(Map<String, Object> data) {
        List<Figure> figures = new ArrayList<>();
        figures.add(ratio(data, "rows-to-plain-debezium", "relay rows / plain Debezium + EventRouter", "relay")
                .goal(">=", 1.0));
        figures.add(ratio(
                        data,
                        "messages-to-plain-debezium",
                        "relay messages / plain Debezium + EventRouter (rows)",
                        "relayMessages")
                .goal(">=", 1.5));
        figures.add(ratio(data, "rows-to-decoding", "relay rows / decoding ceiling of rows", "relay")
                .goal(">=", 0.6));
        figures.add(ratio(data, "messages-to-decoding", "relay messages / decoding ceiling of rows", "relayMessages")
                .goal(">=", 0.8));
        figures.add(ratio(
                data,
                "messages-to-decoding-messages",
                "relay messages / decoding ceiling of messages",
                "relayMessages"));
        if (data.get("relayStoringEveryBatchToEverySecond") != null) {
            // What storing the position after every batch costs: the bound is 5%.
            figures.add(Figure.of(
                            key() + ".storing-every-batch-to-every-second",
                            "relay rows storing its position after every batch / every second",
                            FigureData.number(data, "relayStoringEveryBatchToEverySecond"),
                            "ratio",
                            FigureData.ratios(
                                    FigureData.numbers(data, "roundsEventsPerSecond", "relay"),
                                    FigureData.numbers(data, "roundsEventsPerSecond", "relayStoringEverySecond")))
                    .goal(">=", 0.95));
        }
        for (String system : List.of("relay", "relayMessages", "plainDebezium", "decoding", "decodingMessages")) {
            figures.add(Figure.of(
                    key() + "." + SYSTEM_KEYS.get(system),
                    "draining a backlog: " + SYSTEM_LABELS.get(system),
                    FigureData.number(data, "eventsPerSecond", system),
                    "events/s",
                    FigureData.numbers(data, "roundsEventsPerSecond", system)));
        }
        return figures;
    }

    /** The recorded ratio of {@code system} to the pipeline its name ends with, and the same ratio round by round. */
    private Figure ratio(Map<String, Object> data, String name, String label, String system) {
        String against = name.endsWith("plain-debezium")
                ? "plainDebezium"
                : name.endsWith("decoding-messages") ? "decodingMessages" : "decoding";
        String recorded = system + "To" + Character.toUpperCase(against.charAt(0)) + against.substring(1);
        return Figure.of(
                key() + "." + name,
                label,
                FigureData.number(data, recorded),
                "ratio",
                FigureData.ratios(
                        FigureData.numbers(data, "roundsEventsPerSecond", system),
                        FigureData.numbers(data, "roundsEventsPerSecond", against)));
    }

    @Override
    public Map<String, Object> run() throws Exception {
        TestKafka kafka = Testkit.kafka();
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        rates.put("decoding", new ArrayList<>());
        rates.put("plainDebezium", new ArrayList<>());
        rates.put("relay", new ArrayList<>());
        // The relay storing its position every second (the policy before 0s, every batch): what storing costs.
        rates.put("relayStoringEverySecond", new ArrayList<>());
        VARIANTS.keySet().forEach(variant -> rates.put(variant, new ArrayList<>()));
        rates.put("decodingMessages", new ArrayList<>());
        rates.put("relayMessages", new ArrayList<>());
        // Round 0 warms the JIT up (a first run is up to twice as slow) and is not counted.
        for (int round = 0; round <= ROUNDS; round++) {
            int events = round == 0 ? WARM_UP_EVENTS : EVENTS;
            try (TestDatabase rows = Testkit.postgres().createDatabase("bench_throughput");
                    TestDatabase messages = Testkit.postgres().createDatabase("bench_throughput_messages");
                    Admin admin = Admin.create(kafka.clientProperties())) {
                WaybillMigrations.builder(rows.dataSource()).build().migrate();
                WaybillMigrations.builder(messages.dataSource()).build().migrate();
                String suffix = "r" + round + "_" + Long.toHexString(System.nanoTime() & 0xffffff);
                Map<String, String> slots = new LinkedHashMap<>(Map.of(
                        "decoding",
                        "raw_" + suffix,
                        "plainDebezium",
                        "deb_" + suffix,
                        "relay",
                        "waybill_bench_" + suffix,
                        "relayStoringEverySecond",
                        "waybill_benchs_" + suffix,
                        "decodingMessages",
                        "rawm_" + suffix,
                        "relayMessages",
                        "waybill_benchm_" + suffix));
                VARIANTS.keySet()
                        .forEach(variant -> slots.put(
                                variant, "waybill_bv_" + variant.substring("relay-".length()) + "_" + suffix));
                for (Map.Entry<String, String> slot : slots.entrySet()) {
                    execute(
                            slot.getKey().endsWith("Messages") ? messages : rows,
                            "SELECT pg_create_logical_replication_slot('" + slot.getValue() + "', 'pgoutput')");
                }
                String debeziumPrefix = "plain." + suffix;
                String deadLetter = "bench.dead-letter." + suffix;
                createTopics(admin, debeziumPrefix, deadLetter);
                Backlog.writeRows(rows, events);
                Backlog.writeMessages(messages, events);
                List<String> order = new ArrayList<>(rates.keySet());
                java.util.Collections.rotate(order, round);
                for (String system : order) {
                    String slot = slots.get(system);
                    double seconds = switch (system) {
                        case "decoding" -> RawDecoding.drain(rows, slot, PUBLICATION, events, false);
                        case "decodingMessages" -> RawDecoding.drain(messages, slot, PUBLICATION, events, true);
                        case "plainDebezium" ->
                            PlainDebezium.drain(rows, kafka, slot, PUBLICATION, debeziumPrefix, events);
                        case "relay" -> relay(rows, kafka, slot, deadLetter, events, Duration.ZERO, Map.of());
                        case "relayStoringEverySecond" ->
                            relay(rows, kafka, slot, deadLetter, events, Duration.ofSeconds(1), Map.of());
                        case "relayMessages" ->
                            relay(messages, kafka, slot, deadLetter, events, Duration.ZERO, Map.of());
                        default -> relay(rows, kafka, slot, deadLetter, events, Duration.ZERO, VARIANTS.get(system));
                    };
                    if (round > 0) {
                        rates.get(system).add(events / seconds);
                    }
                    System.out.printf(
                            Locale.ROOT,
                            "  %s %-16s %,.0f events/s (until %s)%n",
                            round == 0 ? "warm-up" : "round " + round,
                            system,
                            events / seconds,
                            java.time.Instant.now());
                }
                deleteTopics(admin, debeziumPrefix, deadLetter);
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("events", EVENTS);
        figures.put("rounds", ROUNDS);
        figures.put("breakingShare", 1.0 / Backlog.BREAKING_EVERY);
        Map<String, Object> medians = new LinkedHashMap<>();
        rates.forEach((system, values) -> medians.put(system, Math.round(Stats.median(values))));
        figures.put("eventsPerSecond", medians);
        figures.put(
                "rounds" + "EventsPerSecond",
                rates.entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey,
                                e -> e.getValue().stream().map(Math::round).toList(),
                                (a, b) -> a,
                                LinkedHashMap::new)));
        double relay = Stats.median(rates.get("relay"));
        figures.put("relayToPlainDebezium", Stats.round(relay / Stats.median(rates.get("plainDebezium")), 3));
        figures.put("relayToDecoding", Stats.round(relay / Stats.median(rates.get("decoding")), 3));
        figures.put(
                "relayStoringEveryBatchToEverySecond",
                Stats.round(relay / Stats.median(rates.get("relayStoringEverySecond")), 3));
        double relayMessages = Stats.median(rates.get("relayMessages"));
        figures.put(
                "relayMessagesToPlainDebezium",
                Stats.round(relayMessages / Stats.median(rates.get("plainDebezium")), 3));
        figures.put("relayMessagesToDecoding", Stats.round(relayMessages / Stats.median(rates.get("decoding")), 3));
        figures.put(
                "relayMessagesToDecodingMessages",
                Stats.round(relayMessages / Stats.median(rates.get("decodingMessages")), 3));
        return figures;
    }

    private static double relay(
            TestDatabase database,
            TestKafka kafka,
            String slot,
            String deadLetter,
            int events,
            Duration storeEvery,
            Map<String, String> producer)
            throws InterruptedException {
        RelayConfig.Builder builder = LocalRelay.config(database, kafka, slot.substring("waybill_".length()))
                .set(RelaySettings.KAFKA_DEAD_LETTER_TOPIC, deadLetter)
                .set(RelaySettings.CAPTURE_OFFSET_FLUSH_INTERVAL, storeEvery)
                .set(RelaySettings.CAPTURE_SNAPSHOT, RelayConfig.Snapshot.NONE)
                .set(RelaySettings.RETENTION_MODE, RelayConfig.RetentionMode.OFF);
        producer.forEach(builder::producer);
        RelayConfig config = builder.build();
        try (Relay relay = Relay.start(config)) {
            MeterRegistry meters = relay.meterRegistry();
            long first = 0;
            while (true) {
                double done = relayed(meters);
                long now = System.nanoTime();
                if (first == 0 && done > 0) {
                    first = now;
                }
                if (done >= events) {
                    return (now - first) / 1e9;
                }
                if (!relay.live()) {
                    throw new IllegalStateException("the relay stopped: " + relay.failure());
                }
                Thread.sleep(5);
            }
        }
    }

    private static Map<String, Map<String, String>> variants(String spec) {
        Map<String, Map<String, String>> variants = new LinkedHashMap<>();
        for (String variant : spec.split(";")) {
            if (variant.isBlank()) {
                continue;
            }
            String[] nameAndSettings = variant.split(":", 2);
            Map<String, String> settings = new LinkedHashMap<>();
            for (String setting : nameAndSettings[1].split(",")) {
                String[] keyAndValue = setting.split("=", 2);
                settings.put(keyAndValue[0].strip(), keyAndValue[1].strip());
            }
            variants.put("relay-" + nameAndSettings[0].strip(), settings);
        }
        return variants;
    }

    private static double relayed(MeterRegistry meters) {
        double total = 0;
        for (Counter counter : meters.find("waybill_events_published_total").counters()) {
            total += counter.count();
        }
        for (Counter counter : meters.find("waybill_events_dead_lettered_total").counters()) {
            total += counter.count();
        }
        return total;
    }

    private static void createTopics(Admin admin, String debeziumPrefix, String deadLetter) throws Exception {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> topics = new ArrayList<>();
        for (String topic : topics(debeziumPrefix, deadLetter)) {
            if (!existing.contains(topic)) {
                topics.add(new NewTopic(topic, 1, (short) 1));
            }
        }
        admin.createTopics(topics).all().get();
    }

    private static void deleteTopics(Admin admin, String debeziumPrefix, String deadLetter) throws Exception {
        admin.deleteTopics(topics(debeziumPrefix, deadLetter)).all().get();
    }

    private static List<String> topics(String debeziumPrefix, String deadLetter) {
        List<String> topics = new ArrayList<>(CONTRACT_TOPICS);
        topics.add(deadLetter);
        for (String aggregate : List.of("order", "payment", "parcel")) {
            topics.add(debeziumPrefix + "." + aggregate);
        }
        return topics;
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public String markdown(Map<String, Object> figures) {
        Map<String, Object> rates = (Map<String, Object>) figures.get("eventsPerSecond");
        StringBuilder md = new StringBuilder("## Relay throughput\n\n");
        md.append(String.format(
                        Locale.ROOT,
                        "A committed backlog of %,d events (three contracts, ~500-byte payloads, ",
                        ((Number) figures.get("events")).longValue()))
                .append(String.format(
                        Locale.ROOT,
                        "%.0f%% breaking their contract) drained to Kafka; ",
                        ((Number) figures.get("breakingShare")).doubleValue() * 100))
                .append("events per second from the first event handed over to the acknowledgement of the last. ")
                .append("The backlog is written twice, to two databases: as outbox rows (`WriteMode.TABLE`) and as ")
                .append("logical decoding messages (`WriteMode.MESSAGE`). Each pipeline reads its own replication ")
                .append("slot; the order of the pipelines rotates every round; medians of ")
                .append(figures.get("rounds"))
                .append(" rounds after a warm-up round of the same size that is not counted. Kafka and PostgreSQL ")
                .append("run on the same 2 cores.\n\n");
        double relay = ((Number) rates.get("relay")).doubleValue();
        double relayMessages = ((Number) rates.get("relayMessages")).doubleValue();
        md.append("| pipeline | events/s | relay (rows) / this | relay (messages) / this |\n|---|---:|---:|---:|\n");
        row(
                md,
                "decoding ceiling, rows: the raw pgoutput stream, nothing done to it",
                rates.get("decoding"),
                relay,
                relayMessages);
        row(md, "decoding ceiling, messages", rates.get("decodingMessages"), relay, relayMessages);
        row(
                md,
                "plain Debezium + outbox EventRouter + KafkaProducer, no validation (rows)",
                rates.get("plainDebezium"),
                relay,
                relayMessages);
        row(
                md,
                "**Waybill relay, rows**, validating every event, dead-lettering 5%",
                rates.get("relay"),
                relay,
                relayMessages);
        row(
                md,
                "**Waybill relay, messages**, validating every event, dead-lettering 5%",
                rates.get("relayMessages"),
                relay,
                relayMessages);
        if (figures.get("relayStoringEveryBatchToEverySecond") instanceof Number storing) {
            md.append(String.format(
                    Locale.ROOT,
                    "%nThe relay stores its position after every batch; storing it every second instead "
                            + "(`capture.offset-flush-interval: 1s`, run alternately as a sixth pipeline) drains rows "
                            + "at %.2f of the default's speed.%n",
                    1 / storing.doubleValue()));
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String name, Object rate, double relay, double relayMessages) {
        double value = ((Number) rate).doubleValue();
        md.append(String.format(
                Locale.ROOT,
                "| %s | %,d | %.2f | %.2f |%n",
                name,
                Math.round(value),
                relay / value,
                relayMessages / value));
    }
}
