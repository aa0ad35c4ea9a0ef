package dev.waybill.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.dev.Launcher.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/waybill} rebuilds its jar when, and only when, the sources of a module in it changed. Runs the real
 * script in a copy of the repository's layout where {@code mvnw} and {@code java} are stand-ins that record their
 * calls, so no build happens. The modules in the jar are those whose artifacts this build copied into
 * {@code dev-mode/target/lib}, plus dev-mode: a module added to the jar but not to the script fails here.
 */
class LauncherStalenessIT {

    private static final Instant BUILT = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path home;

    private Path jar;

    @BeforeEach
    void layout() throws IOException {
        Files.createDirectories(home.resolve("bin"));
        executable(home.resolve("bin/waybill"), Files.readString(Launcher.REPOSITORY.resolve("bin/waybill")));
        executable(home.resolve("mvnw"), "#!/usr/bin/env bash\necho \"$*\" >> \"$(dirname \"$0\")/builds\"\n");
        executable(home.resolve("jdk/bin/java"), "#!/usr/bin/env bash\necho \"java $*\"\n");
        Files.writeString(home.resolve("pom.xml"), "<project/>");
        for (String module : moduleDirectories()) {
            Files.createDirectories(home.resolve(module).resolve("src/main/java"));
            Files.writeString(home.resolve(module).resolve("pom.xml"), "<project/>");
            Files.writeString(home.resolve(module).resolve("src/main/java/Source.java"), "class Source {}");
        }
        jar = home.resolve("dev-mode/target/waybill.jar");
        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "");
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, FileTime.from(BUILT.minus(1, ChronoUnit.HOURS)));
            }
        }
        Files.setLastModifiedTime(jar, FileTime.from(BUILT));
    }

    @Test
    void modulesInTheJarIncludeTheNestedExampleAndTheCli() throws IOException {
        assertThat(modulesInTheJar()).contains("examples/order-service", "cli", "outbox-relay", "dev-mode");
    }

    @Test
    void freshJarRunsWithoutBuilding() throws Exception {
        Run run = waybill();

        assertThat(builds()).isZero();
        assertThat(run.out()).isEqualTo("java -jar " + jar + " --version\n");
    }

    @Test
    void missingJarIsBuiltThenRun() throws Exception {
        Files.delete(jar);

        Run run = waybill();

        assertThat(builds()).isOne();
        assertThat(run.err()).contains("waybill: building the CLI");
        assertThat(run.out()).isEqualTo("java -jar " + jar + " --version\n");
    }

    @Test
    void changedSourcesOfEveryModuleInTheJarTriggerARebuild() throws Exception {
        List<String> modules = modulesInTheJar();
        for (String module : modules) {
            Path source = home.resolve(module).resolve("src/main/java/Source.java");
            Files.setLastModifiedTime(source, FileTime.from(BUILT.plus(1, ChronoUnit.MINUTES)));
            waybill();
            Files.setLastModifiedTime(source, FileTime.from(BUILT.minus(1, ChronoUnit.HOURS)));
        }
        assertThat(builds()).as("one build per changed module of " + modules).isEqualTo(modules.size());
    }

    @Test
    void changedModulePomTriggersARebuild() throws Exception {
        Files.setLastModifiedTime(
                home.resolve("examples/order-service/pom.xml"), FileTime.from(BUILT.plus(1, ChronoUnit.MINUTES)));

        waybill();

        assertThat(builds()).isOne();
    }

    @Test
    void changedSourcesOutsideTheJarDoNotTriggerARebuild() throws Exception {
        List<String> outside = new ArrayList<>(moduleDirectories());
        outside.removeAll(modulesInTheJar());
        assertThat(outside).contains("benchmarks");
        for (String module : outside) {
            Files.setLastModifiedTime(
                    home.resolve(module).resolve("src/main/java/Source.java"),
                    FileTime.from(BUILT.plus(1, ChronoUnit.MINUTES)));
        }

        waybill();

        assertThat(builds()).isZero();
    }

    private Run waybill() throws Exception {
        return Launcher.run(home, home.resolve("jdk"), "--version");
    }

    private long builds() throws IOException {
        Path log = home.resolve("builds");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    /** Every module of the reactor, as directories relative to the repository. */
    private static List<String> moduleDirectories() throws IOException {
        return matches(Files.readString(Launcher.REPOSITORY.resolve("pom.xml")), "<module>([^<]+)</module>");
    }

    /** The modules whose artifact dev-mode's packaging copied into target/lib, and dev-mode itself. */
    private static List<String> modulesInTheJar() throws IOException {
        Set<String> lib;
        try (Stream<Path> jars = Files.list(Path.of("target", "lib"))) {
            lib = Set.copyOf(jars.map(jar -> jar.getFileName().toString()).toList());
        }
        List<String> modules = new ArrayList<>();
        for (String module : moduleDirectories()) {
            String pom = Files.readString(Launcher.REPOSITORY.resolve(module).resolve("pom.xml"))
                    .replaceAll("(?s)<parent>.*?</parent>", "");
            String artifactId = matches(pom, "<artifactId>([^<]+)</artifactId>").get(0);
            if (module.equals("dev-mode") || lib.stream().anyMatch(jar -> jar.startsWith(artifactId + "-0"))) {
                modules.add(module);
            }
        }
        return modules;
    }

    private static List<String> matches(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher matcher = Pattern.compile(regex).matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1).strip());
        }
        return found;
    }

    private static void executable(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
