package dev.waybill.dev;

import dev.waybill.collector.AckMode;
import dev.waybill.collector.Collector;
import dev.waybill.collector.CollectorConfig;
import dev.waybill.collector.CollectorSetting;
import dev.waybill.collector.CollectorSettings;
import dev.waybill.collector.validate.Validator;
import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.ContractDirectory;
import dev.waybill.example.orders.Customer;
import dev.waybill.example.orders.OrderLine;
import dev.waybill.example.orders.OrderService;
import dev.waybill.example.orders.PurchaseOrder;
import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.relay.ConfigurationException;
import dev.waybill.relay.Relay;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelaySettings;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import dev.waybill.testkit.Testkit;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KafkaStreams;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * {@code waybill dev}: the whole pipeline on one machine with nothing installed. Embedded PostgreSQL and Kafka, the
 * Waybill migrations, the example contracts, the example shop writing orders (some breaking their contract) and
 * the relay; the collector and its validator, with the shop's frontend sending product views through the collector
 * (some breaking their contract too); and a live summary of what reached which topic, by path.
 */
public final class DevMode {

    /** How to run: stop after {@code events} events (0: until interrupted), at about {@code perSecond}. */
    public record Options(
            int events,
            int perSecond,
            Optional<Path> contracts,
            int httpPort,
            int collectorPort,
            boolean clearScreen) {}

    /** The collector's token in dev mode: for the shop's frontend and for events sent by hand. */
    static final String DEV_TOKEN = "waybill-dev-token-not-for-production";

    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(90);
    /** The testkit's backend setting (docs/testkit.md). */
    private static final String TESTKIT_BACKEND = "WAYBILL_TESTKIT_BACKEND";

    private final Options options;
    private final PrintWriter out;
    private final AtomicBoolean stop = new AtomicBoolean();

    public DevMode(Options options, PrintWriter out) {
        this.options = options;
        this.out = out;
    }

    /** Asks a running dev mode to stop (Ctrl-C). */
    public void stop() {
        stop.set(true);
    }

    /** @return true when every event written reached Kafka exactly where it should */
    public boolean run() {
        Path contracts = contractDirectory();
        ContractCatalog catalog = ContractDirectory.at(contracts).load();
        preferEmbeddedServices(System.getenv(), System.getProperties());
        out.println("Starting embedded PostgreSQL and Kafka ...");
        out.flush();
        TestKafka kafka = Testkit.kafka();
        Path scratch = scratchDirectory();
        try (TestDatabase database = Testkit.postgres().createDatabase("shop")) {
            WaybillMigrations.builder(database.dataSource()).build().migrate();
            String source = "/waybill-dev/" + UUID.randomUUID().toString().substring(0, 8);
            RelayConfig config = config(database, kafka, contracts, source);
            Destinations destinations = new Destinations(catalog, config.kafka().deadLetterTopic());
            createTopics(kafka.bootstrapServers(), catalog, destinations);
            try (EntityManagerFactory factory = shop(database);
                    Relay relay = Relay.start(config);
                    Validator validator = Validator.start(validatorConfig(
                            kafka, contracts, source, config.kafka().deadLetterTopic(), scratch));
                    Collector collector = Collector.start(collectorConfig(kafka, source, scratch));
                    DevSummary summary = new DevSummary(kafka.bootstrapServers(), source, destinations.topics())) {
                ShopTraffic traffic = new ShopTraffic(new OrderService(factory, Clock.systemUTC()), destinations);
                String url = "http://localhost:" + collector.port() + "/v1/events";
                FrontendTraffic frontend = destinations.has(FrontendTraffic.CONTRACT, FrontendTraffic.VERSION)
                        ? new FrontendTraffic(URI.create(url), DEV_TOKEN, source + "/frontend", destinations)
                        : null;
                DevSummary.CollectorView view = new DevSummary.CollectorView(url, curl(url), frontend);
                String header = "Waybill dev: PostgreSQL " + database.jdbcUrl() + ", Kafka " + kafka.bootstrapServers()
                        + ", relay health and metrics on http://localhost:" + relay.httpPort() + "/metrics"
                        + ", validator's on http://localhost:" + validator.port() + "/metrics"
                        + (frontend == null
                                ? " (no shop frontend traffic: the contracts have no " + FrontendTraffic.CONTRACT + " "
                                        + FrontendTraffic.VERSION + ")"
                                : "");
                return drive(traffic, view, relay, validator, summary, header);
            }
        } finally {
            deleteQuietly(scratch);
        }
    }

    private boolean drive(
            ShopTraffic traffic,
            DevSummary.CollectorView collector,
            Relay relay,
            Validator validator,
            DevSummary summary,
            String header) {
        out.println("Waiting for the relay to stream from its replication slot and the validator to run ...");
        out.flush();
        long readyBy = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        while ((!relay.ready() || validator.state() != KafkaStreams.State.RUNNING)
                && relay.live()
                && !stop.get()
                && System.nanoTime() < readyBy) {
            summary.poll(Duration.ofMillis(100));
        }
        FrontendTraffic frontend = collector.frontend();
        Optional<DevSummary.CollectorView> view = Optional.of(collector);
        long pause = Math.max(1, 1000 / Math.max(1, options.perSecond()));
        long nextRender = 0;
        while (!stop.get() && (options.events() == 0 || traffic.written() < options.events()) && relay.live()) {
            traffic.next();
            if (frontend != null && traffic.written() % 2 == 0) {
                frontend.next(); // a browser batch every other business transaction
            }
            summary.poll(Duration.ofMillis(pause));
            if (System.currentTimeMillis() >= nextRender) {
                summary.render(out, traffic, view, relay, header, options.clearScreen());
                nextRender = System.currentTimeMillis() + 1000;
            }
        }
        Map<String, ShopTraffic.Expected> expected = new HashMap<>(traffic.expected());
        if (frontend != null) {
            expected.putAll(frontend.expected());
        }
        long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        while (summary.arrived(expected) < expected.size() && System.nanoTime() < deadline && relay.live()) {
            summary.poll(Duration.ofMillis(200));
        }
        summary.render(out, traffic, view, relay, header, false);
        List<String> misrouted = summary.misrouted(expected);
        misrouted.forEach(line -> out.println("MISROUTED " + line));
        int refused = frontend == null ? 0 : frontend.failedRequests();
        int collected = frontend == null ? 0 : frontend.sent();
        boolean complete = summary.arrived(expected) == expected.size() && misrouted.isEmpty() && refused == 0;
        out.println(
                complete
                        ? "OK: all " + traffic.written() + " events written and " + collected
                                + " collected reached Kafka exactly where they should."
                        : "NOT OK: " + summary.arrived(expected) + " of " + expected.size() + " events arrived, "
                                + misrouted.size() + " misrouted, " + refused + " collector requests refused.");
        out.flush();
        return complete;
    }

    /** A curl command that sends one valid event of the shop's frontend contract to the collector. */
    static String curl(String url) {
        return "curl -s " + url + " -H 'Authorization: Bearer " + DEV_TOKEN + "' -H 'Content-Type: application/json'"
                + " -d '{\"contract\": \"" + FrontendTraffic.CONTRACT + "\", \"version\": \"" + FrontendTraffic.VERSION
                + "\", \"id\": \"by-hand-1\", \"type\": \"ProductViewed\", \"subject\": \"session-by-hand\","
                + " \"data\": {\"productId\": \"SKU-TEA\", \"page\": \"/products/SKU-TEA\"}}'";
    }

    /**
     * The collector as a browser would reach it: any origin (CORS open), one dev token for every contract, and the
     * response after Kafka acknowledged (ack mode {@code kafka}). Events that name no source (sent by hand) get this
     * run's, so the summary shows them.
     */
    private CollectorConfig collectorConfig(TestKafka kafka, String source, Path scratch) {
        Path tokens = scratch.resolve("tokens");
        try {
            Files.writeString(tokens, "# waybill dev: one token for the frontend and by hand\ndev " + DEV_TOKEN + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return CollectorConfig.builder(CollectorSetting.Scope.COLLECT)
                .kafka(kafka.bootstrapServers())
                .set(CollectorSettings.INSTANCE, "dev-collector")
                .set(CollectorSettings.HTTP_HOST, "127.0.0.1")
                .set(CollectorSettings.SOURCE, source + "/by-hand")
                .set(CollectorSettings.HTTP_PORT, options.collectorPort())
                .set(CollectorSettings.ACK_MODE, AckMode.KAFKA)
                .set(CollectorSettings.TOKENS, tokens)
                .set(CollectorSettings.CORS_ORIGINS, List.of("*"))
                .build();
    }

    private static CollectorConfig validatorConfig(
            TestKafka kafka, Path contracts, String source, String deadLetterTopic, Path scratch) {
        return CollectorConfig.builder(CollectorSetting.Scope.VALIDATE)
                .kafka(kafka.bootstrapServers())
                .set(CollectorSettings.INSTANCE, "dev-validator")
                .set(CollectorSettings.SOURCE, source + "/by-hand")
                .set(CollectorSettings.HTTP_HOST, "127.0.0.1")
                .set(CollectorSettings.HTTP_PORT, 0)
                .set(
                        CollectorSettings.APPLICATION_ID,
                        "waybill-dev-validate-" + source.substring(source.lastIndexOf('/') + 1))
                .set(CollectorSettings.CONTRACTS_DIRECTORY, contracts)
                .set(CollectorSettings.ACCEPT_DRAFTS, true)
                .set(CollectorSettings.DEAD_LETTER_TOPIC, deadLetterTopic)
                .streams("state.dir", scratch.resolve("validator-state").toString())
                .streams("commit.interval.ms", "100")
                .build();
    }

    /**
     * Every contract's raw topic (the validator subscribes to {@code *.raw} by pattern, so they must exist before it
     * starts) and every topic an event can land in.
     */
    private static void createTopics(String bootstrapServers, ContractCatalog catalog, Destinations destinations) {
        Set<String> topics = new TreeSet<>(destinations.topics());
        catalog.contractIds().forEach(id -> topics.add(id + ".raw"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
            List<NewTopic> create = topics.stream()
                    .map(topic -> new NewTopic(topic, Optional.empty(), Optional.empty()))
                    .toList();
            for (var result : admin.createTopics(create).values().values()) {
                try {
                    result.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("Cannot create the dev topics: " + e.getCause(), e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the dev topics", e);
        }
    }

    private static Path scratchDirectory() {
        try {
            return Files.createTempDirectory("waybill-dev-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory: the system cleans up what is left
        }
    }

    private RelayConfig config(TestDatabase database, TestKafka kafka, Path contracts, String source) {
        return RelayConfig.builder()
                .set(RelaySettings.RELAY_NAME, "dev")
                .database(database.jdbcUrl(), database.username(), database.password())
                .kafka(kafka.bootstrapServers())
                .set(RelaySettings.KAFKA_SOURCE, source)
                .set(RelaySettings.CONTRACTS_DIRECTORY, contracts)
                .set(RelaySettings.CONTRACTS_ACCEPT_DRAFTS, true)
                .set(RelaySettings.HTTP_HOST, "127.0.0.1")
                .set(RelaySettings.HTTP_PORT, options.httpPort())
                .build();
    }

    /**
     * Dev mode means embedded services, even where a Docker engine would answer, unless the user chose a testkit
     * backend, as an environment variable or a system property (which the testkit reads first).
     */
    static void preferEmbeddedServices(Map<String, String> environment, Properties systemProperties) {
        if (isBlank(environment.get(TESTKIT_BACKEND)) && isBlank(systemProperties.getProperty(TESTKIT_BACKEND))) {
            systemProperties.setProperty(TESTKIT_BACKEND, "embedded");
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static EntityManagerFactory shop(TestDatabase database) {
        return new HibernatePersistenceConfiguration("shop")
                .managedClasses(Customer.class, PurchaseOrder.class, OrderLine.class)
                .jdbcUrl(database.jdbcUrl())
                .jdbcCredentials(database.username(), database.password())
                .property("hibernate.hbm2ddl.auto", "create")
                .createEntityManagerFactory();
    }

    private Path contractDirectory() {
        if (options.contracts().isPresent()) {
            Path given = options.contracts().get();
            if (!Files.isDirectory(given)) {
                throw new ConfigurationException("--contracts " + given + " is not a directory");
            }
            return given;
        }
        for (String base : new String[] {System.getenv("WAYBILL_HOME"), "."}) {
            if (base != null) {
                Path candidate = Path.of(base, "examples", "contracts");
                if (Files.isDirectory(candidate)) {
                    return candidate;
                }
            }
        }
        throw new ConfigurationException("Cannot find the example contracts (examples/contracts): run from the "
                + "Waybill repository, through bin/waybill, or pass --contracts <dir>");
    }
}
