package dev.waybill.benchmarks;

import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelaySettings;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import java.nio.file.Path;

/** The relay settings every benchmark starts from: the embedded services and the benchmark contracts. */
final class LocalRelay {

    private LocalRelay() {}

    /** The configuration of a relay named {@code name}; sections set their own settings on it. */
    static RelayConfig.Builder config(TestDatabase database, TestKafka kafka, String name) {
        return RelayConfig.builder()
                .set(RelaySettings.RELAY_NAME, name)
                .database(database.jdbcUrl(), database.username(), database.password())
                .kafka(kafka.bootstrapServers())
                .set(
                        RelaySettings.CONTRACTS_DIRECTORY,
                        Path.of("benchmarks/contracts").toAbsolutePath())
                .set(RelaySettings.HTTP_HOST, "127.0.0.1")
                .set(RelaySettings.HTTP_PORT, 0);
    }
}
