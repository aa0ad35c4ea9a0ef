package dev.waybill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.migrations.WaybillMigrations;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.WaybillTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@WaybillTest
class ContractsCliIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String registryUrl;

    record Run(int exitCode, String out, String err) {}

    @BeforeAll
    static void migrate(TestDatabase database) {
        WaybillMigrations.builder(database.dataSource()).build().migrate();
        registryUrl = database.jdbcUrl() + "?user=" + database.username();
    }

    static Run waybill(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = WaybillCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    static Path reference() {
        try {
            return Path.of(ContractsCliIT.class.getResource("/contracts").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "contracts",
                "contracts lint",
                "contracts check",
                "contracts push",
                "contracts list",
                "contracts shadow-report"
            })
    void everyCommandHasHelp(String command) {
        String[] args = Stream.concat(Stream.of(command.split(" ")).filter(s -> !s.isEmpty()), Stream.of("--help"))
                .toArray(String[]::new);
        Run run = waybill(args);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: waybill");
    }

    @Test
    void lintOfCleanContractsExitsZero() {
        Run run = waybill("contracts", "lint", reference().toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("lint: 2 contract versions read, 0 problems");
    }

    @Test
    void lintReportsFileLineAndFieldAndExitsOne(@TempDir Path root) throws IOException {
        Path contracts = copy(reference(), root);
        Path file = contracts.resolve("orders.order-placed/1.1.0.odcs.yaml");
        Files.writeString(file, Files.readString(file).replace("status: active", "status: live"));

        Run run = waybill("contracts", "lint", contracts.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out())
                .contains(file + ":6: status: 'live' is not a contract status")
                .contains("lint: 1 contract version read, 1 problem");
    }

    @Test
    void lintJsonIsMachineReadable(@TempDir Path root) throws IOException {
        Path contracts = copy(reference(), root);
        Path file = contracts.resolve("orders.order-placed/1.1.0.odcs.yaml");
        Files.writeString(file, Files.readString(file).replace("status: active", "status: live"));

        Run run = waybill("contracts", "lint", contracts.toString(), "--format", "json");

        JsonNode report = JSON.readTree(run.out());
        assertThat(report.path("ok").asBoolean()).isFalse();
        assertThat(report.path("contracts")).hasSize(1);
        assertThat(report.path("problems").get(0).path("line").asInt()).isEqualTo(6);
        assertThat(report.path("problems").get(0).path("field").asText()).isEqualTo("status");
    }

    @Test
    void missingDirectoryAndUnknownOptionAreUsageErrors() {
        Run missing = waybill("contracts", "lint", "/no/such/contracts");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("waybill: contract directory /no/such/contracts does not exist");

        Run unknown = waybill("contracts", "lint", reference().toString(), "--colour");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unknown option: '--colour'");
    }

    @Test
    void pushThenPushAgainThenListAndCheckAgainstTheRegistry(@TempDir Path root) throws IOException {
        Run first = waybill(
                "contracts", "push", reference().toString(), "--registry", registryUrl, "--pushed-by", "ci-job-7");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("registered orders.order-placed 1.0.0", "registered orders.order-placed 1.1.0", "; pushed");

        Run again = waybill("contracts", "push", reference().toString(), "--registry", registryUrl);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("unchanged orders.order-placed 1.0.0");

        Run list = waybill("contracts", "list", "--registry", registryUrl, "--format", "json");
        assertThat(list.exitCode()).isZero();
        JsonNode rows = JSON.readTree(list.out()).path("contracts");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).path("pushedBy").asText()).isEqualTo("ci-job-7");
        assertThat(rows.get(0).path("digest").asText()).hasSize(64);
        assertThat(waybill("contracts", "list", "--registry", registryUrl).out())
                .contains("orders.order-placed", "2 registered contract versions");

        // A breaking 1.2.0 that only the registry's history can reveal: the directory holds 1.2.0 alone.
        Path breaking = root.resolve("breaking/orders.order-placed");
        Files.createDirectories(breaking);
        Path source = reference().resolve("orders.order-placed");
        Files.writeString(
                breaking.resolve("1.2.0.odcs.yaml"),
                Files.readString(source.resolve("1.1.0.odcs.yaml"))
                        .replace("version: 1.1.0", "version: 1.2.0")
                        .replace("./1.1.0.schema.json", "./1.2.0.schema.json")
                        .replace("logicalType: integer", "logicalType: number"));
        Files.writeString(
                breaking.resolve("1.2.0.schema.json"),
                Files.readString(source.resolve("1.1.0.schema.json")).replace("\"integer\"", "\"number\""));

        Run localCheck = waybill("contracts", "check", root.resolve("breaking").toString());
        assertThat(localCheck.exitCode()).isZero();
        Run registryCheck = waybill(
                "contracts",
                "check",
                root.resolve("breaking").toString(),
                "--registry",
                registryUrl,
                "--format",
                "json");
        assertThat(registryCheck.exitCode()).isEqualTo(1);
        assertThat(JSON.readTree(registryCheck.out())
                        .path("compatibilityProblems")
                        .get(0)
                        .path("rule")
                        .asText())
                .isEqualTo("type-changed");

        Run refused = waybill("contracts", "push", root.resolve("breaking").toString(), "--registry", registryUrl);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).contains("type-changed", "nothing was pushed");
        assertThat(JSON.readTree(waybill("contracts", "list", "--registry", registryUrl, "--format", "json")
                                .out())
                        .path("contracts"))
                .hasSize(2);
    }

    @Test
    void unreachableRegistryIsAConnectionErrorWithoutAStackTrace() {
        Run run = waybill("contracts", "list", "--registry", "jdbc:postgresql://127.0.0.1:1/nowhere");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("waybill: Could not list contracts in the contract registry")
                .doesNotContain("\tat ");
    }

    @Test
    void registryUrlThatIsNotPostgresIsRefused() {
        Run run = waybill("contracts", "list", "--registry", "mysql://db/app");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("is not a PostgreSQL JDBC URL");
    }

    private static Path copy(Path source, Path target) throws IOException {
        try (Stream<Path> files = Files.walk(source)) {
            for (Path path : files.toList()) {
                Path to = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(path, to);
                }
            }
        }
        return target;
    }
}
