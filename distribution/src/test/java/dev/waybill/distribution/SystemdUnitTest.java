package dev.waybill.distribution;

import static dev.waybill.distribution.DeclaredRelay.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waybill.relay.RelayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/systemd/waybill-relay.service names only what the relay declares, and gives it time to drain. */
class SystemdUnitTest {

    private static final Path UNIT = ROOT.resolve("deploy/systemd/waybill-relay.service");

    @TempDir
    Path scratch;

    @Test
    void everyWaybillVariableInTheUnitIsADeclaredSetting() throws IOException {
        assertThat(DeclaredRelay.variablesIn(Files.readString(UNIT))).allMatch(DeclaredRelay::isVariable);
    }

    @Test
    void runsTheDistributionsLauncher() throws IOException {
        assertThat(directive("ExecStart")).singleElement().asString().matches("/\\S+/bin/waybill-relay relay( .*)?");
    }

    @Test
    void stopsWithSigtermAndWaitsLongerThanTheShutdownTimeout() throws IOException {
        long shutdownTimeout = effectiveConfig().relay().shutdownTimeout().toSeconds();

        assertThat(directive("KillSignal")).containsExactly("SIGTERM");
        assertThat(Long.parseLong(directive("TimeoutStopSec").get(0))).isGreaterThanOrEqualTo(shutdownTimeout + 10);
    }

    @Test
    void theMemoryCapHoldsTheMeasuredFootprintWithTheLaunchersHeap() throws IOException {
        JsonNode footprint = DeclaredRelay.footprint();
        // systemd's M is 1024 * 1024 bytes, like the JVM's m.
        long memoryMax = DeclaredRelay.bytes(directive("MemoryMax").get(0).toLowerCase());

        assertThat(memoryMax)
                .isGreaterThanOrEqualTo(footprint.path("maxRssBytes").asLong() * 6 / 5);
    }

    private RelayConfig effectiveConfig() throws IOException {
        Map<String, String> environment = new HashMap<>();
        for (String assignment : directive("Environment")) {
            String[] pair = assignment.split("=", 2);
            environment.put(pair[0], pair[1]);
        }
        // The unit's configuration file is the operator's: only what the unit itself sets is checked.
        environment.putIfAbsent("WAYBILL_DATABASE_URL", "jdbc:postgresql://db:5432/app");
        environment.putIfAbsent("WAYBILL_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        environment.putIfAbsent("WAYBILL_CONTRACTS_REGISTRY", "true");
        return DeclaredRelay.load(Optional.empty(), environment, scratch);
    }

    private static List<String> directive(String name) throws IOException {
        List<String> values = new ArrayList<>();
        for (String line : Files.readAllLines(UNIT)) {
            if (line.startsWith(name + "=")) {
                values.add(line.substring(name.length() + 1).strip());
            }
        }
        return values;
    }
}
