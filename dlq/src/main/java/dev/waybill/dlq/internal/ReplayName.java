package dev.waybill.dlq.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The default name of a replay (its consumer group and transactional id), derived from the filters as typed, so
 * running the same command again resumes the same replay. Relative times are taken as written ({@code 24h}, not the
 * instant it meant), and the topics only when given: the default topics follow the contracts, which a fix changes.
 */
public final class ReplayName {

    static final String PREFIX = "waybill-dlq-replay-";

    private ReplayName() {}

    /**
     * @param filters option name to the values given ({@code --contract}, {@code --id}, ...; order of the values
     *     and of the options does not matter, nor do options given without values)
     */
    public static String derive(Map<String, List<String>> filters) {
        StringBuilder canonical = new StringBuilder();
        new TreeMap<>(filters).forEach((option, values) -> {
            if (values != null && !values.isEmpty()) {
                canonical.append(option).append('=');
                canonical.append(String.join(",", new TreeSet<>(values))).append('\n');
            }
        });
        List<String> contract = filters.get("--contract");
        String readable = contract == null || contract.size() != 1
                ? ""
                : contract.get(0).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "_") + "-";
        return PREFIX + readable + sha256(canonical.toString()).substring(0, 12);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
