package dev.waybill.cli;

import static dev.waybill.cli.ContractsCliIT.waybill;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.cli.ContractsCliIT.Run;
import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.WaybillTest;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new major's directory need not hold the previous major: its registered version is the conversion's target. */
@WaybillTest
class DownConversionRegistryIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aDownConversionMayTargetARegisteredVersionThatTheDirectoryNoLongerHolds(
            TestDatabase database, @TempDir Path root) throws IOException, URISyntaxException {
        WaybillMigrations.builder(database.dataSource()).build().migrate();
        String registryUrl = database.jdbcUrl() + "?user=" + database.username();
        Path migration = Path.of(DownConversionRegistryIT.class
                .getResource("/migration/orders.order-placed")
                .toURI());
        Path v1 = Files.createDirectories(root.resolve("v1/orders.order-placed"));
        Path v2 = Files.createDirectories(root.resolve("v2/orders.order-placed"));
        for (String file : new String[] {"1.1.0.odcs.yaml", "1.1.0.schema.json"}) {
            Files.copy(migration.resolve(file), v1.resolve(file));
        }
        for (String file : new String[] {"2.0.0.odcs.yaml", "2.0.0.schema.json"}) {
            Files.copy(migration.resolve(file), v2.resolve(file));
        }
        assertThat(waybill("contracts", "push", v1.getParent().toString(), "--registry", registryUrl)
                        .exitCode())
                .isZero();
        // Without the registry, the target is missing.
        assertThat(waybill("contracts", "lint", v2.getParent().toString()).out())
                .contains("names version 1.1.0 of orders.order-placed, which does not exist (known: 2.0.0)");

        Run check =
                waybill("contracts", "check", v2.getParent().toString(), "--registry", registryUrl, "--format", "json");
        JsonNode report = JSON.readTree(check.out());
        assertThat(report.path("problems")).isEmpty();
        assertThat(report.path("conversionChecks")).hasSize(7);
        assertThat(report.path("conversionChecks").get(2).path("result").asText())
                .isEqualTo("failed");

        Run push = waybill("contracts", "push", v2.getParent().toString(), "--registry", registryUrl);
        assertThat(push.exitCode()).as(push.out()).isZero();
        assertThat(push.out()).contains("registered orders.order-placed 2.0.0");
    }
}
