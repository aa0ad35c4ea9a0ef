package dev.waybill.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract commands as CI runs them: {@code java -jar target/waybill-cli.jar} with its {@code lib/}, an artifact
 * that holds nothing of Debezium, Kafka or Flyway. Runs after {@code package}, on the jar itself.
 */
class StandaloneJarIT {

    private static final Path JAR = Path.of("target", "waybill-cli.jar");
    private static final Path EXAMPLES = Path.of("..", "examples", "contracts");
    private static final List<String> FORBIDDEN = List.of("io/debezium/", "org/apache/kafka/", "org/flywaydb/");

    record Run(int exitCode, String out, String err) {}

    @Test
    void runtimeClasspathHoldsNoDebeziumKafkaOrFlywayClass() throws IOException {
        List<Path> classpath = new ArrayList<>(List.of(JAR));
        try (JarFile jar = new JarFile(JAR.toFile())) {
            for (String entry :
                    jar.getManifest().getMainAttributes().getValue("Class-Path").split(" ")) {
                classpath.add(JAR.resolveSibling(entry));
            }
        }
        try (Stream<Path> lib = Files.list(JAR.resolveSibling("lib"))) {
            // What the manifest names is what lib/ holds: the check below covers every jar that ships.
            assertThat(lib.map(Path::normalize).toList())
                    .containsExactlyInAnyOrderElementsOf(classpath.subList(1, classpath.size()).stream()
                            .map(Path::normalize)
                            .toList());
        }

        List<String> offending = new ArrayList<>();
        for (Path jarPath : classpath) {
            try (JarFile jar = new JarFile(jarPath.toFile())) {
                jar.stream()
                        .map(entry -> entry.getName())
                        .filter(name ->
                                name.endsWith(".class") && FORBIDDEN.stream().anyMatch(name::startsWith))
                        .findFirst()
                        .ifPresent(name -> offending.add(jarPath.getFileName() + ": " + name));
            }
        }
        assertThat(offending)
                .as("jars on waybill-cli's runtime classpath with a forbidden class")
                .isEmpty();
    }

    @Test
    void contractsLintOfTheExamplesPrintsJsonAndExitsZero() throws Exception {
        Run run = java("contracts", "lint", EXAMPLES.toString(), "--format", "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.path("command").asText()).isEqualTo("lint");
        assertThat(report.path("ok").asBoolean()).isTrue();
        assertThat(report.path("contracts").findValuesAsText("id"))
                .containsExactly(
                        "customers.customer-registered",
                        "orders.order-placed",
                        "orders.order-placed",
                        "orders.order-placed",
                        "shop.product-viewed");
        assertThat(report.path("contracts").findValuesAsText("version"))
                .containsExactly("1.0.0", "1.0.0", "1.1.0", "1.2.0", "1.0.0");
        assertThat(report.path("problems")).isEmpty();
    }

    @Test
    void brokenContractIsExitOneWithTheProblemInJson(@TempDir Path root) throws Exception {
        Path contract = root.resolve("orders.order-placed");
        Files.createDirectories(contract);
        Path source = EXAMPLES.resolve("orders.order-placed");
        Files.writeString(
                contract.resolve("1.0.0.odcs.yaml"),
                Files.readString(source.resolve("1.0.0.odcs.yaml")).replace("status: active", "status: live"));
        Files.copy(source.resolve("1.0.0.schema.json"), contract.resolve("1.0.0.schema.json"));

        Run run = java("contracts", "lint", root.toString(), "--format", "json");

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.path("ok").asBoolean()).isFalse();
        assertThat(report.path("problems").get(0).path("field").asText()).isEqualTo("status");
    }

    @Test
    void missingDirectoryIsExitTwoWithOneLineOnStandardError() throws Exception {
        Run run = java("contracts", "lint", "/no/such/contracts", "--format", "json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .isEqualTo("waybill: contract directory /no/such/contracts does not exist or is not a directory\n");
    }

    private static Run java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("waybill-cli", ".out");
        Path err = Files.createTempFile("waybill-cli", ".err");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("exited within a minute")
                    .isTrue();
            return new Run(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
