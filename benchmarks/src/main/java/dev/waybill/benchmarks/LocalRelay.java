package dev.waybill.benchmarks;

import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelaySettings;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import java.nio.file.Path;

/** The relay settings every benchmark starts from: the embedded services and the benchmark contracts. */
final class LocalRelay {

    /** The benchmark contracts (three, {@code bench.*}), as the relay and the Connect transform read them. */
    static final Path CONTRACTS = Path.of("benchmarks/contracts").toAbsolutePath();

    private LocalRelay() {}

    /** The configuration of a relay named {@code name}; sections set their own settings on it. */
    static RelayConfig.Builder config(TestDatabase database, TestKafka kafka, String name) {
        return config(database, kafka.bootstrapServers(), name);
    }

    /** {@link #config(TestDatabase, TestKafka, String)} publishing to another broker. */
    static RelayConfig.Builder config(TestDatabase database, String bootstrapServers, String name) {
        return RelayConfig.builder()
                .set(RelaySettings.RELAY_NAME, name)
                .database(database.jdbcUrl(), database.username(), database.password())
                .kafka(bootstrapServers)
                .set(RelaySettings.CONTRACTS_DIRECTORY, CONTRACTS)
                .set(RelaySettings.HTTP_HOST, "127.0.0.1")
                .set(RelaySettings.HTTP_PORT, 0);
    }
}
