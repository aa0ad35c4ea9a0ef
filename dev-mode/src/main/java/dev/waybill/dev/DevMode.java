package dev.waybill.dev;

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
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * {@code waybill dev}: the whole pipeline on one machine with nothing installed. Embedded PostgreSQL and Kafka, the
 * Waybill migrations, the example contracts, the example shop writing orders (some breaking their contract) and
 * the relay, with a live summary.
 */
public final class DevMode {

    /** How to run: stop after {@code events} events (0: until interrupted), at about {@code perSecond}. */
    public record Options(int events, int perSecond, Optional<Path> contracts, int httpPort, boolean clearScreen) {}

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
        try (TestDatabase database = Testkit.postgres().createDatabase("shop")) {
            WaybillMigrations.builder(database.dataSource()).build().migrate();
            String source = "/waybill-dev/" + UUID.randomUUID().toString().substring(0, 8);
            RelayConfig config = config(database, kafka, contracts, source);
            Destinations destinations = new Destinations(catalog, config.kafka().deadLetterTopic());
            try (EntityManagerFactory factory = shop(database);
                    Relay relay = Relay.start(config);
                    DevSummary summary = new DevSummary(kafka.bootstrapServers(), source, destinations.topics())) {
                ShopTraffic traffic = new ShopTraffic(new OrderService(factory, Clock.systemUTC()), destinations);
                String header = "Waybill dev: PostgreSQL " + database.jdbcUrl() + ", Kafka " + kafka.bootstrapServers()
                        + ", relay health and metrics on http://localhost:" + relay.httpPort() + "/metrics";
                return drive(traffic, relay, summary, header);
            }
        }
    }

    private boolean drive(ShopTraffic traffic, Relay relay, DevSummary summary, String header) {
        out.println("Waiting for the relay to stream from its replication slot ...");
        out.flush();
        long readyBy = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        while (!relay.ready() && relay.live() && !stop.get() && System.nanoTime() < readyBy) {
            summary.poll(Duration.ofMillis(100));
        }
        long pause = Math.max(1, 1000 / Math.max(1, options.perSecond()));
        long nextRender = 0;
        while (!stop.get() && (options.events() == 0 || traffic.written() < options.events()) && relay.live()) {
            traffic.next();
            summary.poll(Duration.ofMillis(pause));
            if (System.currentTimeMillis() >= nextRender) {
                summary.render(out, traffic, relay, header, options.clearScreen());
                nextRender = System.currentTimeMillis() + 1000;
            }
        }
        long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
        while (summary.arrived() < traffic.written() && System.nanoTime() < deadline && relay.live()) {
            summary.poll(Duration.ofMillis(200));
        }
        summary.render(out, traffic, relay, header, false);
        List<String> misrouted = summary.misrouted(traffic.expected());
        misrouted.forEach(line -> out.println("MISROUTED " + line));
        boolean complete = summary.arrived() == traffic.written() && misrouted.isEmpty();
        out.println(
                complete
                        ? "OK: all " + traffic.written() + " events reached Kafka exactly where they should."
                        : "NOT OK: " + summary.arrived() + " of " + traffic.written() + " events arrived, "
                                + misrouted.size() + " misrouted.");
        out.flush();
        return complete;
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
