package dev.waybill.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a {@code bin/waybill} script as a user does: a process of its own, from the directory it belongs to. */
final class Launcher {

    /** The repository this module belongs to (Failsafe runs in the module's directory). */
    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    record Run(int exitCode, String out, String err) {}

    private Launcher() {}

    /** Runs {@code home/bin/waybill} in {@code home} with the given {@code JAVA_HOME}. */
    static Run run(Path home, Path javaHome, String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(home.resolve("bin/waybill").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("waybill", ".out");
        Path err = Files.createTempFile("waybill", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(home.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(key -> key.startsWith("WAYBILL_"));
            environment.put("JAVA_HOME", javaHome.toString());
            Process process = builder.start();
            assertThat(process.waitFor(5, TimeUnit.MINUTES))
                    .as("bin/waybill exited within 5 minutes")
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
