package dev.waybill.relay;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Prometheus's {@code promtool}: from the PATH, else from Debian's {@code prometheus} package, downloaded and unpacked
 * under {@code target/} (neither needs root). A machine that has neither fails the test that needs it, saying so:
 * the alert rules must not go unchecked because a tool was missing.
 */
final class Promtool {

    private static final Path UNPACKED = Path.of("target", "promtool");
    private static final Path BINARY = UNPACKED.resolve("usr/bin/promtool");

    record Result(int exitCode, String output) {}

    private final Path executable;

    private Promtool(Path executable) {
        this.executable = executable;
    }

    static Promtool obtain() throws IOException, InterruptedException {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, "promtool");
            if (!directory.isEmpty() && Files.isExecutable(candidate)) {
                return new Promtool(candidate);
            }
        }
        if (!Files.isExecutable(BINARY)) {
            Files.createDirectories(UNPACKED);
            Result download = run(UNPACKED, "apt-get", "download", "prometheus");
            Path deb = debianPackage();
            if (download.exitCode() != 0 || deb == null) {
                throw new AssertionError("promtool is needed to check deploy/prometheus: it is not on the PATH, and "
                        + "`apt-get download prometheus` (Debian's package ships it) failed: " + download.output()
                        + "\nPut promtool on the PATH, or install Debian's prometheus package.");
            }
            Result unpack = run(UNPACKED, "dpkg", "-x", deb.getFileName().toString(), ".");
            if (unpack.exitCode() != 0 || !Files.isExecutable(BINARY)) {
                throw new AssertionError("promtool: cannot unpack " + deb + " with dpkg -x: " + unpack.output());
            }
        }
        return new Promtool(BINARY.toAbsolutePath());
    }

    Result execute(Path directory, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(List.of(arguments));
        return run(directory, command.toArray(String[]::new));
    }

    private static Path debianPackage() throws IOException {
        try (Stream<Path> files = Files.list(UNPACKED)) {
            return files.filter(file -> file.getFileName().toString().matches("prometheus_.*\\.deb"))
                    .findFirst()
                    .orElse(null);
        }
    }

    private static Result run(Path directory, String... command) throws IOException, InterruptedException {
        // Output to a file, not a pipe: a hung download must not block the read past the timeout.
        Path output = Files.createTempFile("promtool", ".out");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
            } catch (IOException e) {
                // The program itself is missing (no apt-get outside Debian and its derivatives).
                return new Result(-1, e.getMessage());
            }
            boolean finished = process.waitFor(5, TimeUnit.MINUTES);
            if (!finished) {
                process.destroyForcibly();
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            return finished
                    ? new Result(process.exitValue(), text)
                    : new Result(-1, String.join(" ", command) + " did not finish in 5 minutes\n" + text);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
