package dev.waybill.testkit.internal;

import dev.waybill.testkit.TestkitException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The testkit's settings, read from environment variables (a JVM system property of the same name wins, so a
 * build tool can set them per run). Documented in {@code docs/testkit.md}.
 */
public record TestkitSettings(
        Backend backend,
        Optional<String> postgresUrl,
        String postgresUser,
        String postgresPassword,
        Optional<String> kafkaBootstrapServers,
        String postgresImage,
        String kafkaImage) {

    public static final String BACKEND = "WAYBILL_TESTKIT_BACKEND";
    public static final String POSTGRES_URL = "WAYBILL_TESTKIT_POSTGRES_URL";
    public static final String POSTGRES_USER = "WAYBILL_TESTKIT_POSTGRES_USER";
    public static final String POSTGRES_PASSWORD = "WAYBILL_TESTKIT_POSTGRES_PASSWORD";
    public static final String KAFKA_BOOTSTRAP_SERVERS = "WAYBILL_TESTKIT_KAFKA_BOOTSTRAP_SERVERS";
    public static final String POSTGRES_IMAGE = "WAYBILL_TESTKIT_POSTGRES_IMAGE";
    public static final String KAFKA_IMAGE = "WAYBILL_TESTKIT_KAFKA_IMAGE";

    /** How services are started when no external one is configured. */
    public enum Backend {
        /** Containers where a Docker engine answers, embedded binaries otherwise. */
        AUTO,
        CONTAINERS,
        EMBEDDED
    }

    public static TestkitSettings fromEnvironment() {
        return from(System.getenv(), System.getProperties());
    }

    static TestkitSettings from(Map<String, String> env, java.util.Properties systemProperties) {
        Lookup lookup = new Lookup(env, systemProperties);
        return new TestkitSettings(
                parseBackend(lookup.get(BACKEND).orElse("auto")),
                lookup.get(POSTGRES_URL),
                lookup.get(POSTGRES_USER).orElse("postgres"),
                lookup.get(POSTGRES_PASSWORD).orElse(""),
                lookup.get(KAFKA_BOOTSTRAP_SERVERS),
                lookup.get(POSTGRES_IMAGE).orElse("postgres:17-alpine"),
                lookup.get(KAFKA_IMAGE).orElse("apache/kafka:4.1.0"));
    }

    private static Backend parseBackend(String value) {
        try {
            return Backend.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TestkitException(
                    BACKEND + "='" + value + "' is not a backend: expected one of auto, containers, embedded");
        }
    }

    private record Lookup(Map<String, String> env, java.util.Properties systemProperties) {
        Optional<String> get(String key) {
            String value = systemProperties.getProperty(key, env.get(key));
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
        }
    }
}
