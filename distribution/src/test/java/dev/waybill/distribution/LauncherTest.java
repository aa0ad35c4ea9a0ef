package dev.waybill.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/waybill-relay} as shipped, run against a stand-in {@code java} that prints what it was given: which
 * command, which JVM options, which JVM, and whether it took the launcher's process (so signals reach the JVM).
 */
class LauncherTest {

    private static final Path LAUNCHER = Path.of("src/main/bin/waybill-relay");

    @TempDir
    Path dir;

    private Path home;
    private Path javaHome;

    @BeforeEach
    void installLauncherAndStandInJava() throws IOException {
        home = dir.resolve("waybill-relay");
        Files.createDirectories(home.resolve("bin"));
        Files.copy(LAUNCHER, home.resolve("bin/waybill-relay"), StandardCopyOption.COPY_ATTRIBUTES);
        javaHome = dir.resolve("jdk");
        Files.createDirectories(javaHome.resolve("bin"));
        Path java = javaHome.resolve("bin/java");
        Files.writeString(java, "#!/bin/sh\necho \"pid=$$\"\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void withoutArgumentsRunsTheRelayWithTheShippedConfigurationAndAHeapCappedAt128m() throws Exception {
        Run run = run(home.resolve("bin/waybill-relay"), Map.of("JAVA_HOME", javaHome.toString()));

        assertThat(run.exitCode).isZero();
        assertThat(run.arguments())
                .containsExactly(
                        "-Xmx128m",
                        "-XX:+ExitOnOutOfMemoryError",
                        "-jar",
                        home.toRealPath().resolve("waybill-relay.jar").toString(),
                        "relay",
                        "--config",
                        home.toRealPath().resolve("config/relay.yaml").toString());
    }

    @Test
    void commandsAndTheirArgumentsPassThroughUnchanged() throws Exception {
        Run run = run(
                home.resolve("bin/waybill-relay"),
                Map.of("JAVA_HOME", javaHome.toString()),
                "migrate",
                "--url",
                "jdbc:postgresql://db:5432/shop",
                "--relay-role",
                "two words");

        assertThat(run.arguments())
                .endsWith("migrate", "--url", "jdbc:postgresql://db:5432/shop", "--relay-role", "two words");
    }

    @Test
    void javaOptsComeAfterTheDefaultsSoTheyWin() throws Exception {
        Run run = run(
                home.resolve("bin/waybill-relay"),
                Map.of("JAVA_HOME", javaHome.toString(), "JAVA_OPTS", "-Dwaybill.a=1 -XX:-ExitOnOutOfMemoryError"));

        assertThat(run.arguments())
                .startsWith("-Xmx128m", "-XX:+ExitOnOutOfMemoryError", "-Dwaybill.a=1", "-XX:-ExitOnOutOfMemoryError");
    }

    @Test
    void aHeapSizeInJavaOptsReplacesTheDefaultCap() throws Exception {
        for (String heap : List.of("-XX:MaxRAMPercentage=33", "-Xmx256m", "-XX:MaxRAM=1g")) {
            Run run = run(
                    home.resolve("bin/waybill-relay"),
                    Map.of("JAVA_HOME", javaHome.toString(), "JAVA_OPTS", "-Dx=1 " + heap));

            assertThat(run.arguments()).as(heap).doesNotContain("-Xmx128m").contains(heap);
        }
    }

    @Test
    void theJvmTakesTheLaunchersProcessSoSignalsReachIt() throws Exception {
        Run run = run(home.resolve("bin/waybill-relay"), Map.of("JAVA_HOME", javaHome.toString()));

        assertThat(run.lines.get(0)).isEqualTo("pid=" + run.pid);
    }

    @Test
    void findsItsDistributionWhenCalledThroughASymbolicLink() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("waybill-relay-link"), home.resolve("bin/waybill-relay"));

        Run run = run(link, Map.of("JAVA_HOME", javaHome.toString()));

        assertThat(run.arguments())
                .contains(home.toRealPath().resolve("waybill-relay.jar").toString());
    }

    @Test
    void aJavaHomeWithoutJavaIsAnErrorNamingIt() throws Exception {
        Run run = run(
                home.resolve("bin/waybill-relay"),
                Map.of("JAVA_HOME", dir.resolve("nowhere").toString()));

        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.output).contains("JAVA_HOME is " + dir.resolve("nowhere") + ", which has no bin/java");
    }

    private record Run(long pid, int exitCode, List<String> lines, String output) {
        /** What the stand-in java was given. */
        List<String> arguments() {
            return lines.subList(1, lines.size());
        }
    }

    private static Run run(Path launcher, Map<String, String> environment, String... arguments) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString());
        builder.command().addAll(List.of(arguments));
        builder.environment().remove("JAVA_OPTS");
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.pid(), process.exitValue(), output.lines().toList(), output);
    }
}
