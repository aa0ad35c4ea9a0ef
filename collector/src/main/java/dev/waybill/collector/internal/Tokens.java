package dev.waybill.collector.internal;

import dev.waybill.collector.CollectorConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Producers and their bearer tokens, from a token file or a directory of them (a mounted Kubernetes secret, one file
 * per producer), reloaded when a file changes. One line per token: {@code <producer> <token> [<contract>,...]};
 * contracts may end in {@code *}; none means any contract. Only SHA-256 digests of the tokens are kept.
 */
public final class Tokens {

    private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);
    private static final Pattern PRODUCER = Pattern.compile("[a-zA-Z0-9._-]{1,100}");
    static final int MIN_TOKEN_LENGTH = 16;

    /** A producer, and the contracts it may send events of. */
    public record Producer(String name, List<String> contracts) {
        public boolean allows(String contract) {
            if (contracts.isEmpty()) {
                return true;
            }
            for (String allowed : contracts) {
                if (allowed.endsWith("*")
                        ? contract.startsWith(allowed.substring(0, allowed.length() - 1))
                        : contract.equals(allowed)) {
                    return true;
                }
            }
            return false;
        }
    }

    public static final Producer ANONYMOUS = new Producer("anonymous", List.of());

    private final Path source;
    private final CollectorMetrics metrics;
    private volatile Map<String, Producer> byDigest = Map.of();
    private volatile String fingerprint = "";

    /** @throws CollectorConfigException when the files cannot be read or hold a bad line */
    public Tokens(Path source, CollectorMetrics metrics) {
        this.source = source;
        this.metrics = metrics;
        try {
            fingerprint = fingerprint();
            byDigest = read();
        } catch (IllegalArgumentException | IOException e) {
            throw new CollectorConfigException("auth.tokens: " + e.getMessage());
        }
    }

    /** The producer a presented token belongs to. */
    public Optional<Producer> producer(String token) {
        return Optional.ofNullable(byDigest.get(digest(token)));
    }

    public int size() {
        return byDigest.size();
    }

    /** Reloads if a file changed; a reload that fails keeps the tokens in force (logged, counted). */
    public void reloadIfChanged() {
        try {
            String now = fingerprint();
            if (now.equals(fingerprint)) {
                return;
            }
            byDigest = read();
            fingerprint = now;
            metrics.tokenReload(true);
            LOG.info("Tokens reloaded from {}: {} tokens", source, byDigest.size());
        } catch (IllegalArgumentException | IOException e) {
            metrics.tokenReload(false);
            LOG.error(
                    "Tokens in {} changed but cannot be loaded; keeping the previous ones: {}", source, e.getMessage());
        }
    }

    private List<Path> files() throws IOException {
        if (!Files.isDirectory(source)) {
            return List.of(source);
        }
        try (Stream<Path> entries = Files.list(source)) {
            // Kubernetes mounts secrets through ..data symbolic links: hidden names are its bookkeeping.
            return entries.filter(file -> !file.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
    }

    private String fingerprint() throws IOException {
        StringBuilder text = new StringBuilder();
        for (Path file : files()) {
            text.append(file)
                    .append(':')
                    .append(Files.size(file))
                    .append(':')
                    .append(Files.getLastModifiedTime(file).toMillis())
                    .append(';');
        }
        return text.toString();
    }

    private Map<String, Producer> read() throws IOException {
        Map<String, Producer> tokens = new HashMap<>();
        for (Path file : files()) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String where = file + " line " + (i + 1);
                String[] parts = line.split("\\s+");
                if (parts.length < 2 || parts.length > 3) {
                    throw new IllegalArgumentException(
                            where + ": expected '<producer> <token> [<contract>,...]' (the token is not shown)");
                }
                if (!PRODUCER.matcher(parts[0]).matches()) {
                    throw new IllegalArgumentException(
                            where + ": the producer name must be 1-100 of a-z A-Z 0-9 . _ -");
                }
                if (parts[1].length() < MIN_TOKEN_LENGTH) {
                    throw new IllegalArgumentException(where + ": the token of " + parts[0] + " is shorter than "
                            + MIN_TOKEN_LENGTH + " characters (e.g. openssl rand -hex 24)");
                }
                List<String> contracts = parts.length == 3
                        ? Arrays.stream(parts[2].split(","))
                                .filter(c -> !c.isEmpty())
                                .toList()
                        : List.of();
                Producer previous = tokens.put(digest(parts[1]), new Producer(parts[0], new ArrayList<>(contracts)));
                if (previous != null) {
                    throw new IllegalArgumentException(
                            where + ": the token of " + parts[0] + " is also the token of " + previous.name());
                }
            }
        }
        return Map.copyOf(tokens);
    }

    private static String digest(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
