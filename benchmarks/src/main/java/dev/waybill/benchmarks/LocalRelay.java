package dev.waybill.benchmarks;

import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestKafka;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The relay settings every benchmark starts from: the embedded services and the benchmark contracts. */
final class LocalRelay {

    private LocalRelay() {}

    /** {@code WAYBILL_*} variables for a relay named {@code name}; sections add their own. */
    static Map<String, String> environment(TestDatabase database, TestKafka kafka, String name) {
        Map<String, String> env = new HashMap<>();
        env.put("WAYBILL_RELAY_NAME", name);
        env.put("WAYBILL_DATABASE_URL", database.jdbcUrl());
        env.put("WAYBILL_DATABASE_USER", database.username());
        env.put("WAYBILL_DATABASE_PASSWORD", database.password());
        env.put("WAYBILL_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("WAYBILL_CONTRACTS_DIRECTORY", Path.of("benchmarks/contracts").toAbsolutePath().toString());
        env.put("WAYBILL_HTTP_HOST", "127.0.0.1");
        env.put("WAYBILL_HTTP_PORT", "0");
        return env;
    }
}
