package dev.waybill.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayConfigTest {

    @TempDir
    Path dir;

    private Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("WAYBILL_DATABASE_URL", "jdbc:postgresql://db:5432/shop");
        env.put("WAYBILL_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("WAYBILL_CONTRACTS_DIRECTORY", dir.toString());
        return env;
    }

    private Path file(String yaml) throws IOException {
        return Files.writeString(dir.resolve("relay.yaml"), yaml);
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        RelayConfig config = RelayConfig.load(Optional.empty(), minimal());

        assertThat(config.relay().name()).isEqualTo("waybill");
        assertThat(config.database().outbox().toString()).isEqualTo("waybill.outbox");
        assertThat(config.database().slot()).isEqualTo("waybill_waybill");
        assertThat(config.database().publication()).isEqualTo("waybill_outbox");
        assertThat(config.kafka().deadLetterTopic()).isEqualTo("waybill.dead-letter");
        assertThat(config.kafka().source()).isEqualTo("/waybill/shop");
        assertThat(config.capture().pollInterval()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.capture().offsetFlushInterval()).isEqualTo(Duration.ZERO);
        assertThat(config.capture().snapshot()).isEqualTo(RelayConfig.Snapshot.INITIAL);
        assertThat(config.retention().mode()).isEqualTo(RelayConfig.RetentionMode.DELETE_AFTER);
        assertThat(config.retention().keep()).isEqualTo(Duration.ofHours(24));
        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.database().password().isPresent()).isFalse();
    }

    @Test
    void environmentOverridesTheFileAndProducerSettingsPassThrough() throws IOException {
        Path file = file("""
                relay:
                  name: orders
                database:
                  url: jdbc:postgresql://file-db:5432/shop
                  slot: orders_slot
                kafka:
                  bootstrap-servers: file-kafka:9092
                  producer:
                    linger.ms: 20
                    security.protocol: SASL_SSL
                capture:
                  poll-interval: 50ms
                """);
        Map<String, String> env = minimal();
        env.remove("WAYBILL_KAFKA_BOOTSTRAP_SERVERS");
        env.put("WAYBILL_DATABASE_URL", "jdbc:postgresql://env-db:5432/shop");
        env.put("WAYBILL_KAFKA_PRODUCER_SASL_MECHANISM", "SCRAM-SHA-512");

        RelayConfig config = RelayConfig.load(Optional.of(file), env);

        assertThat(config.relay().name()).isEqualTo("orders");
        assertThat(config.database().url()).isEqualTo("jdbc:postgresql://env-db:5432/shop");
        assertThat(config.database().slot()).isEqualTo("orders_slot");
        assertThat(config.kafka().bootstrapServers()).isEqualTo("file-kafka:9092");
        assertThat(config.kafka().producer())
                .containsEntry("linger.ms", "20")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
        assertThat(config.capture().pollInterval()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void secretsComeFromTheEnvironmentOrAFileAndAreNeverPrinted() throws IOException {
        Path secret = Files.writeString(dir.resolve("pg-password"), "s3cret-from-file\n");
        Map<String, String> env = minimal();
        env.put("WAYBILL_DATABASE_PASSWORD_FILE", secret.toString());
        env.put(
                "WAYBILL_KAFKA_PRODUCER_SASL_JAAS_CONFIG",
                "org.apache.kafka.common.security.scram.ScramLoginModule "
                        + "required username=\"relay\" password=\"kafka-secret\";");

        RelayConfig config = RelayConfig.load(Optional.empty(), env);

        assertThat(config.database().password().value()).isEqualTo("s3cret-from-file");
        assertThat(config.describe())
                .doesNotContain("s3cret-from-file", "kafka-secret")
                .contains("  # password: ***\n", "    # sasl.jaas.config: ***\n", "  password-file: " + secret + "\n");
        assertThat(config.toString()).doesNotContain("s3cret-from-file");
        env.put("WAYBILL_DATABASE_PASSWORD", "from-env");
        assertThat(RelayConfig.load(Optional.empty(), env).database().password().value())
                .isEqualTo("from-env");
    }

    @Test
    void passwordInTheFileIsRefused() throws IOException {
        Path file = file("database:\n  password: hunter2\n");
        assertThatThrownBy(() -> RelayConfig.load(Optional.of(file), minimal()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("secrets do not belong in the configuration file")
                .hasMessageContaining("WAYBILL_DATABASE_PASSWORD")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void unknownKeyIsAnErrorWithASuggestion() throws IOException {
        Path file = file("capture:\n  pol-interval: 10ms\n");
        assertThatThrownBy(() -> RelayConfig.load(Optional.of(file), minimal()))
                .hasMessage("Unknown configuration key 'capture.pol-interval' in " + file
                        + "; the keys are listed in docs/relay.md (did you mean 'capture.poll-interval'?)");
    }

    @Test
    void missingRequiredSettingNamesTheKeyAndTheVariable() {
        Map<String, String> env = minimal();
        env.remove("WAYBILL_DATABASE_URL");
        assertThatThrownBy(() -> RelayConfig.load(Optional.empty(), env))
                .hasMessage("database.url is missing: set it to the outbox database's JDBC URL, "
                        + "jdbc:postgresql://host:port/db (in the configuration file, or as WAYBILL_DATABASE_URL)");
    }

    @Test
    void durationsMayAlsoBeWrittenInIso8601AsSpringAndIdesWriteThem() {
        Map<String, String> env = minimal();
        env.put("WAYBILL_CAPTURE_POLL_INTERVAL", "PT0.25S");
        env.put("WAYBILL_RETENTION_KEEP", "P2D");
        RelayConfig config = RelayConfig.load(Optional.empty(), env);
        assertThat(config.capture().pollInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.retention().keep()).isEqualTo(Duration.ofDays(2));

        env.put("WAYBILL_CAPTURE_POLL_INTERVAL", "PT");
        assertThatThrownBy(() -> RelayConfig.load(Optional.empty(), env))
                .hasMessage("capture.poll-interval (from $WAYBILL_CAPTURE_POLL_INTERVAL): 'PT' is not an ISO-8601 "
                        + "duration (PT10S, PT5M, P1D)");
    }

    @Test
    void zeroMeansEveryBatchForTheFlushIntervalAndIsRefusedWhereItWouldMeanNever() {
        Map<String, String> env = minimal();
        env.put("WAYBILL_CAPTURE_OFFSET_FLUSH_INTERVAL", "0ms");
        assertThat(RelayConfig.load(Optional.empty(), env).capture().offsetFlushInterval())
                .isEqualTo(Duration.ZERO);
        assertThat(RelaySettings.CAPTURE_OFFSET_FLUSH_INTERVAL.type().format(Duration.ZERO))
                .isEqualTo("0s");

        env.put("WAYBILL_CAPTURE_OFFSET_FLUSH_INTERVAL", "-1s");
        assertThatThrownBy(() -> RelayConfig.load(Optional.empty(), env))
                .hasMessageStartingWith("capture.offset-flush-interval (from $WAYBILL_CAPTURE_OFFSET_FLUSH_INTERVAL)");

        Map<String, String> poll = minimal();
        poll.put("WAYBILL_CAPTURE_POLL_INTERVAL", "0s");
        assertThatThrownBy(() -> RelayConfig.load(Optional.empty(), poll))
                .hasMessage("capture.poll-interval (from $WAYBILL_CAPTURE_POLL_INTERVAL): must be greater than 0");
    }

    @Test
    void badValuesNameTheKeyTheirSourceAndTheRule() throws IOException {
        Map<String, String> env = minimal();
        env.put("WAYBILL_CAPTURE_POLL_INTERVAL", "fast");
        assertThatThrownBy(() -> RelayConfig.load(Optional.empty(), env))
                .hasMessage("capture.poll-interval (from $WAYBILL_CAPTURE_POLL_INTERVAL): 'fast' is not a duration: "
                        + "use a number and a unit, for example 500ms, 10s, 5m, 24h or 7d");

        Path file = file("database:\n  slot: \"orders; DROP TABLE x\"\n");
        assertThatThrownBy(() -> RelayConfig.load(Optional.of(file), minimal()))
                .hasMessageStartingWith("database.slot (from " + file + "): 'orders; DROP TABLE x' is not allowed");

        Map<String, String> schema = minimal();
        schema.put("WAYBILL_DATABASE_SCHEMA", "Bad\"Schema");
        assertThatThrownBy(() -> RelayConfig.load(Optional.empty(), schema))
                .hasMessageContaining("database.schema")
                .hasMessageContaining("is not allowed");
    }

    @Test
    void badTableIsReportedUnderItsOwnKeyAndSource() throws IOException {
        Path file = file("database:\n  schema: shop\n  table: Orders\n");
        assertThatThrownBy(() -> RelayConfig.load(Optional.of(file), minimal()))
                .hasMessage("database.table (from " + file + "): outbox table 'Orders' is not allowed: use 1-63 "
                        + "characters of a-z, 0-9 and _, not starting with a digit");
    }

    @Test
    void defaultInstanceIsTheGivenEnvironmentsHostname() {
        Map<String, String> env = minimal();
        env.put("HOSTNAME", "relay-7f9c-given");
        assertThat(RelayConfig.load(Optional.empty(), env).relay().instance()).isEqualTo("relay-7f9c-given");
    }

    @Test
    void producerSettingsAreAMappingNotOneValue() throws IOException {
        Path file = file("kafka:\n  producer: linger.ms=5\n");
        assertThatThrownBy(() -> RelayConfig.load(Optional.of(file), minimal()))
                .hasMessage("kafka.producer (from " + file + "): must be a mapping of settings, not a single value");
    }

    @Test
    void exactlyOneSourceOfContracts() {
        Map<String, String> both = minimal();
        both.put("WAYBILL_CONTRACTS_REGISTRY", "true");
        assertThatThrownBy(() -> RelayConfig.load(Optional.empty(), both))
                .hasMessageContaining("set exactly one source of contracts");

        Map<String, String> none = minimal();
        none.remove("WAYBILL_CONTRACTS_DIRECTORY");
        assertThatThrownBy(() -> RelayConfig.load(Optional.empty(), none))
                .hasMessageContaining("set exactly one source of contracts");
    }

    @Test
    void producerSettingsTheRelayOwnsCannotBeOverridden() {
        Map<String, String> env = minimal();
        env.put("WAYBILL_KAFKA_PRODUCER_ACKS", "1");
        assertThatThrownBy(() -> RelayConfig.load(Optional.empty(), env))
                .hasMessage("kafka.producer.acks (from $WAYBILL_KAFKA_PRODUCER_ACKS): is set by the relay itself "
                        + "(idempotent producer, acks=all, byte serializers) and cannot be overridden");
    }

    @Test
    void unreadableFileIsReported() {
        assertThatThrownBy(() -> RelayConfig.load(Optional.of(dir.resolve("missing.yaml")), minimal()))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("Cannot read the configuration file " + dir.resolve("missing.yaml"));
    }

    private Map<String, String> minimalProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("database.url", "jdbc:postgresql://db:5432/shop");
        properties.put("kafka.bootstrap-servers", "kafka:9092");
        properties.put("contracts.directory", dir.toString());
        return properties;
    }

    @Test
    void propertiesGiveTheSameConfigurationAsTheFile() throws IOException {
        Path file = file("""
                database:
                  url: jdbc:postgresql://db:5432/shop
                kafka:
                  bootstrap-servers: kafka:9092
                  producer:
                    linger.ms: 20
                contracts:
                  directory: %s
                capture:
                  poll-interval: 50ms
                http:
                  enabled: false
                """.formatted(dir));
        Map<String, String> properties = minimalProperties();
        properties.put("kafka.producer.linger.ms", "20");
        properties.put("capture.poll-interval", "50ms");
        properties.put("http.enabled", "false");
        properties.put("instance", "pod-1"); // the relay section's keys go without it
        Map<String, String> env = Map.of("HOSTNAME", "pod-1");

        RelayConfig fromProperties = RelayConfig.fromProperties(properties, "waybill.relay.");

        assertThat(fromProperties.describe())
                .isEqualTo(RelayConfig.load(Optional.of(file), env).describe());
        assertThat(fromProperties.http().enabled()).isFalse();
        assertThat(fromProperties.kafka().producer()).containsEntry("linger.ms", "20");
    }

    @Test
    void propertiesMayHoldThePasswordAndTakeRelaxedKeys() {
        Map<String, String> properties = minimalProperties();
        properties.put("database.password", " spaced secret ");
        properties.put("capture.poll.interval", "20ms"); // as an environment variable binds
        properties.put("capture.maxBatchSize", "10"); // camel case

        RelayConfig config = RelayConfig.fromProperties(properties, "waybill.relay.");

        assertThat(config.database().password().value()).isEqualTo(" spaced secret ");
        assertThat(config.capture().pollInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.capture().maxBatchSize()).isEqualTo(10);
        assertThat(config.describe()).doesNotContain("spaced secret");
    }

    @Test
    void propertiesErrorsNameTheKeyWithItsPrefix() {
        Map<String, String> bad = minimalProperties();
        bad.put("capture.poll-interval", "fast");
        assertThatThrownBy(() -> RelayConfig.fromProperties(bad, "waybill.relay."))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("waybill.relay.capture.poll-interval (from the application's properties): 'fast' is not "
                        + "a duration: use a number and a unit, for example 500ms, 10s, 5m, 24h or 7d");

        Map<String, String> unknown = minimalProperties();
        unknown.put("capture.pol-interval", "10ms");
        assertThatThrownBy(() -> RelayConfig.fromProperties(unknown, "waybill.relay."))
                .hasMessage("Unknown configuration key 'waybill.relay.capture.pol-interval' in the application's "
                        + "properties; the keys are listed in docs/relay.md "
                        + "(did you mean 'waybill.relay.capture.poll-interval'?)");

        Map<String, String> missing = minimalProperties();
        missing.remove("database.url");
        assertThatThrownBy(() -> RelayConfig.fromProperties(missing, "waybill.relay."))
                .hasMessage("waybill.relay.database.url is missing: set it to the outbox database's JDBC URL, "
                        + "jdbc:postgresql://host:port/db (as the property waybill.relay.database.url)");

        Map<String, String> managed = minimalProperties();
        managed.put("kafka.producer.acks", "1");
        Map<String, String> name = minimalProperties();
        name.put("name", "Orders");
        assertThatThrownBy(() -> RelayConfig.fromProperties(name, "waybill.relay."))
                .hasMessageStartingWith(
                        "waybill.relay.name (from the application's properties): 'Orders' is not " + "allowed");
        assertThatThrownBy(() -> RelayConfig.fromProperties(managed, "waybill.relay."))
                .hasMessageStartingWith("waybill.relay.kafka.producer.acks (from the application's properties): "
                        + "is set by the relay itself");
    }

    @Test
    void httpEndpointsAreOnByDefault() {
        assertThat(RelayConfig.load(Optional.empty(), minimal()).http().enabled())
                .isTrue();
    }
}
