package dev.waybill.distribution;

import static dev.waybill.distribution.DeclaredRelay.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/docker/Dockerfile, read as text: no container runtime here can build it, so what it must say is checked
 * against the relay and the distribution instead.
 */
class ContainerImageTest {

    private static final Path DOCKERFILE = ROOT.resolve("deploy/docker/Dockerfile");
    private static final Pattern MAX_RAM_PERCENTAGE = Pattern.compile("-XX:MaxRAMPercentage=(\\d+(\\.\\d+)?)");

    @TempDir
    Path scratch;

    @Test
    void everyWaybillVariableInTheDockerfileIsADeclaredSetting() throws IOException {
        assertThat(DeclaredRelay.variablesIn(Files.readString(DOCKERFILE))).allMatch(DeclaredRelay::isVariable);
    }

    @Test
    void startsOnATemurin17JreAsANonRootUser() throws IOException {
        assertThat(instruction("FROM")).containsExactly("eclipse-temurin:17-jre");
        String user = instruction("USER").get(0);
        assertThat(user).doesNotStartWith("0").doesNotStartWith("root").matches("[1-9][0-9]*(:[0-9]+)?");
    }

    @Test
    void exposesTheRelaysHttpPort() throws IOException {
        Map<String, String> required = Map.of(
                "WAYBILL_DATABASE_URL", "jdbc:postgresql://db:5432/app",
                "WAYBILL_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092",
                "WAYBILL_CONTRACTS_REGISTRY", "true");
        int httpPort =
                DeclaredRelay.load(Optional.empty(), required, scratch).http().port();

        assertThat(instruction("EXPOSE")).containsExactly(Integer.toString(httpPort));
    }

    @Test
    void theLauncherIsTheEntryPointInExecFormAndSigtermStopsIt() throws IOException {
        List<String> entryPoint =
                List.of(new ObjectMapper().readValue(instruction("ENTRYPOINT").get(0), String[].class));
        assertThat(entryPoint).hasSize(1);
        assertThat(entryPoint.get(0)).endsWith("/bin/waybill-relay");
        assertThat(ROOT.resolve("distribution/src/main/bin/waybill-relay")).isExecutable();
        assertThat(instruction("STOPSIGNAL")).containsExactly("SIGTERM");
    }

    @Test
    void installsTheDistributionTarGz() throws IOException {
        assertThat(instruction("ADD")).singleElement().asString().startsWith("waybill-relay-${VERSION}.tar.gz ");
    }

    @Test
    void sizesTheHeapByTheContainersMemoryAndExitsWhenItRunsOut() throws IOException {
        String javaOpts = instruction("ENV").stream()
                .filter(env -> env.startsWith("JAVA_OPTS="))
                .findFirst()
                .orElseThrow();

        assertThat(javaOpts).contains("-XX:+ExitOnOutOfMemoryError").doesNotContain("-Xmx");
        assertThat(maxRamPercentage()).isBetween(10.0, 75.0);
    }

    /** The image's {@code -XX:MaxRAMPercentage}: the share of the container's memory the heap gets. */
    static double maxRamPercentage() throws IOException {
        Matcher matcher = MAX_RAM_PERCENTAGE.matcher(Files.readString(DOCKERFILE));
        assertThat(matcher.find())
                .as("%s sets -XX:MaxRAMPercentage", DOCKERFILE)
                .isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    /** The arguments of every {@code name} instruction, continuation lines joined. */
    private static List<String> instruction(String name) throws IOException {
        List<String> found = new ArrayList<>();
        String joined = Files.readString(DOCKERFILE).replaceAll("\\\\\\n\\s*", " ");
        for (String line : joined.lines().toList()) {
            if (line.startsWith(name + " ")) {
                found.add(line.substring(name.length() + 1).strip());
            }
        }
        return found;
    }
}
