package dev.waybill.relay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The relay as operators run it: {@code waybill relay} in a JVM of its own, configured only by environment, its
 * output in a log file, its health on an HTTP port of its own.
 */
final class RelayProcess implements AutoCloseable {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final int port;

    private RelayProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the relay with exactly {@code environment} (plus a free health port) and the test's class path, logging
     * as the executables do: with the one logging configuration they ship, not the tests' logback-test.xml.
     */
    static RelayProcess start(Map<String, String> environment, Path log, String... jvmOptions) throws IOException {
        List<String> command = new ArrayList<>(List.of(jvmOptions));
        command.addAll(List.of(
                "-Dlogback.configurationFile=logback.xml",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.waybill.cli.WaybillCli",
                "relay"));
        return start(
                command,
                environment,
                new ProcessBuilder().redirectErrorStream(true).redirectOutput(log.toFile()),
                log);
    }

    /**
     * Starts the production executable, {@code java -jar target/waybill-relay.jar relay} (built by {@code package},
     * before the integration tests), with its standard error in {@code log} and its standard output beside it.
     */
    static RelayProcess startJar(Map<String, String> environment, Path log) throws IOException {
        List<String> command =
                List.of("-jar", Path.of("target", "waybill-relay.jar").toString(), "relay");
        ProcessBuilder builder = new ProcessBuilder()
                .redirectError(log.toFile())
                .redirectOutput(
                        log.resolveSibling(log.getFileName() + ".stdout").toFile());
        return start(command, environment, builder, log);
    }

    private static RelayProcess start(
            List<String> arguments, Map<String, String> environment, ProcessBuilder builder, Path log)
            throws IOException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        builder.command(command);
        builder.environment().keySet().removeIf(key -> key.startsWith("WAYBILL_"));
        Map<String, String> env = new HashMap<>(environment);
        env.put("WAYBILL_HTTP_PORT", Integer.toString(port));
        builder.environment().putAll(env);
        return new RelayProcess(builder.start(), log, port);
    }

    /**
     * The relay of {@code relays} that says it is active (and, with {@code streaming}, is ready), once one does.
     *
     * @throws AssertionError when one of them exits, or none is active within 90 s
     */
    static RelayProcess awaitActive(List<RelayProcess> relays, boolean streaming) {
        RelayProcess[] active = new RelayProcess[1];
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    for (RelayProcess relay : relays) {
                        org.assertj.core.api.Assertions.assertThat(relay.alive())
                                .as("relay process is running")
                                .isTrue();
                        if ("active".equals(relay.role()) && (!streaming || relay.ready())) {
                            active[0] = relay;
                            return true;
                        }
                    }
                    return false;
                });
        return active[0];
    }

    boolean alive() {
        return process.isAlive();
    }

    /** {@code GET /health/ready} answered 200. */
    boolean ready() {
        return status("/health/ready") == 200;
    }

    /** {@code active} or {@code standby} as {@code GET /health/role} says, or {@code null} while nothing answers. */
    String role() {
        try {
            java.util.regex.Matcher role =
                    java.util.regex.Pattern.compile("\"role\":\"(\\w+)\"").matcher(body("/health/role"));
            return role.find() ? role.group(1) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The HTTP status of {@code path}, or -1 while nothing answers. */
    int status(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The body of {@code path}. */
    String body(String path) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** SIGKILL: no draining, no offsets stored. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then the exit code (or -1 if it did not exit within {@code timeout}). */
    int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** Waits for the process to end by itself; its exit code, or -1 if it is still running after {@code timeout}. */
    int exitCode(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    /** Everything the process printed so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final java.util.regex.Pattern WARNING = java.util.regex.Pattern.compile(
            "^\\d{2}:\\d{2}:\\d{2}\\.\\d{3} (WARN|ERROR) +(\\S+) - (.*)$", java.util.regex.Pattern.MULTILINE);

    /**
     * The WARN and ERROR lines (logger and message) logged {@code times} times or more so far, with how often: an
     * operator reads each condition once, not once per retry or per event.
     */
    Map<String, Integer> repeatedWarnings(int times) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        java.util.regex.Matcher line = WARNING.matcher(output());
        while (line.find()) {
            counts.merge(line.group(2) + " - " + line.group(3), 1, Integer::sum);
        }
        counts.values().removeIf(count -> count < times);
        return counts;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
