package dev.waybill.distribution;

import static dev.waybill.distribution.DeclaredRelay.ROOT;
import static dev.waybill.distribution.DeclaredRelay.YAML;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelayEndpoints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes cannot drift from the relay: its variables, configuration keys, port, probe paths, shutdown time
 * and memory are checked against the relay's own declarations.
 */
class KubernetesManifestsTest {

    private static final Path MANIFESTS = ROOT.resolve("deploy/kubernetes");

    @TempDir
    Path scratch;

    private final List<JsonNode> documents = new ArrayList<>();
    private JsonNode deployment;
    private JsonNode pod;
    private JsonNode relay;

    @BeforeEach
    void readManifests() throws IOException {
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                documents.addAll(YAML.readValues(YAML.createParser(file.toFile()), JsonNode.class)
                        .readAll());
            }
        }
        deployment = ofKind("Deployment");
        pod = deployment.path("spec").path("template").path("spec");
        relay = pod.path("initContainers").get(0);
    }

    @Test
    void everyWaybillVariableInTheManifestsIsADeclaredSetting() throws IOException {
        try (Stream<Path> files = Files.list(MANIFESTS)) {
            for (Path file : files.toList()) {
                assertThat(DeclaredRelay.variablesIn(Files.readString(file)))
                        .as("WAYBILL_* names in %s", file)
                        .allMatch(DeclaredRelay::isVariable);
            }
        }
    }

    @Test
    void theConfigMapSetsDeclaredKeysOnlyAndTheRelayAcceptsItsValues() throws IOException {
        assertThat(DeclaredRelay.keysOf(relayYaml()))
                .isNotEmpty()
                .as("keys of relay.yaml in the ConfigMap")
                .allMatch(DeclaredRelay::isFileKey);
        assertThat(effectiveConfig().relay().name()).isEqualTo("orders");
    }

    @Test
    void threeReplicasEachWithTheRelayAsANativeSidecarReadingTheMountedConfiguration() throws IOException {
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(relay.path("image").asText()).startsWith("waybill-relay:");
        assertThat(relay.path("restartPolicy").asText()).isEqualTo("Always");

        List<String> args = texts(relay.path("args"));
        assertThat(args).startsWith("relay", "--config");
        Path config = Path.of(args.get(args.indexOf("--config") + 1));
        assertThat(volumeOf(config))
                .isEqualTo(ofKind("ConfigMap").path("metadata").path("name").asText());
        assertThat(ofKind("ConfigMap").path("data").has(config.getFileName().toString()))
                .isTrue();
    }

    @Test
    void thePasswordFileIsTheMountedSecret() throws IOException {
        Path passwordFile = effectiveConfig().database().passwordFile().orElseThrow();
        assertThat(volumeOf(passwordFile)).isEqualTo("orders-relay-database");
    }

    @Test
    void everyRelayPortIsHttpPortAndTheScrapeAnnotationsPointAtMetrics() throws IOException {
        int httpPort = effectiveConfig().http().port();

        assertThat(relay.path("ports"))
                .isNotEmpty()
                .allSatisfy(
                        port -> assertThat(port.path("containerPort").asInt()).isEqualTo(httpPort));
        JsonNode annotations =
                deployment.path("spec").path("template").path("metadata").path("annotations");
        assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(Integer.toString(httpPort));
        assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo(RelayEndpoints.METRICS);
        for (JsonNode container : pod.path("containers")) {
            assertThat(container.path("ports"))
                    .as("%s shares the pod's network with the relay", container.path("name"))
                    .noneMatch(port -> port.path("containerPort").asInt() == httpPort);
        }
    }

    @Test
    void probesAskTheRelaysOwnEndpointsOnItsOwnPort() {
        assertThat(probePath("livenessProbe")).isEqualTo(RelayEndpoints.LIVE);
        assertThat(probePath("readinessProbe")).isEqualTo(RelayEndpoints.READY);
        assertThat(probePath("startupProbe")).isIn(RelayEndpoints.all());
        List<String> portNames = new ArrayList<>();
        relay.path("ports").forEach(port -> portNames.add(port.path("name").asText()));
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            assertThat(relay.path(probe).path("httpGet").path("port").asText())
                    .as(probe)
                    .isIn(portNames);
        }
    }

    @Test
    void theGracePeriodCoversTheServicesStopThenTheRelaysShutdownTimeout() throws IOException {
        long shutdownTimeout = effectiveConfig().relay().shutdownTimeout().toSeconds();
        long preStop = 0;
        for (JsonNode container : pod.path("containers")) {
            List<String> command = texts(
                    container.path("lifecycle").path("preStop").path("exec").path("command"));
            if (command.size() == 2 && command.get(0).equals("sleep")) {
                preStop += Long.parseLong(command.get(1));
            }
        }

        assertThat(pod.path("terminationGracePeriodSeconds").asLong())
                .as("SIGTERM reaches the sidecar after the service container stopped")
                .isGreaterThanOrEqualTo(preStop + shutdownTimeout + 10);
    }

    @Test
    void theMemoryLimitHoldsTheMeasuredFootprintWithTheImagesHeapShare() throws IOException {
        JsonNode footprint = DeclaredRelay.footprint();
        JsonNode resources = relay.path("resources");
        long limit = DeclaredRelay.bytes(resources.path("limits").path("memory").asText());
        double share = ContainerImageTest.maxRamPercentage() / 100;
        long heap = (long) (limit * share);

        assertThat(DeclaredRelay.bytes(resources.path("requests").path("memory").asText()))
                .isEqualTo(limit);
        assertThat(heap)
                .as("heap: the most measured in use, and a quarter more")
                .isGreaterThanOrEqualTo(footprint.path("maxHeapUsedBytes").asLong() * 5 / 4);
        long measuredOutsideHeap = footprint.path("maxRssBytes").asLong()
                - DeclaredRelay.bytes(footprint.path("heapCap").asText());
        assertThat(limit - heap)
                .as("room outside the heap: the measured, and a fifth more")
                .isGreaterThanOrEqualTo(measuredOutsideHeap * 6 / 5);
    }

    @Test
    void aDisruptionBudgetKeepsAllButOneReplica() {
        JsonNode budget = ofKind("PodDisruptionBudget").path("spec");
        assertThat(budget.path("minAvailable").asInt())
                .isEqualTo(deployment.path("spec").path("replicas").asInt() - 1);
        assertThat(budget.path("selector")).isEqualTo(deployment.path("spec").path("selector"));
    }

    private RelayConfig effectiveConfig() throws IOException {
        Map<String, String> environment = new HashMap<>();
        for (JsonNode variable : relay.path("env")) {
            // Values from the cluster (fieldRef, secretKeyRef) are only there when deployed.
            environment.put(
                    variable.path("name").asText(),
                    variable.has("value") ? variable.path("value").asText() : "from-the-cluster");
        }
        return DeclaredRelay.load(Optional.of(relayYaml()), environment, scratch);
    }

    private String relayYaml() {
        return ofKind("ConfigMap").path("data").path("relay.yaml").asText();
    }

    private String probePath(String probe) {
        return relay.path(probe).path("httpGet").path("path").asText();
    }

    /** The volume behind the relay's mount that holds {@code file}, by the name of what it mounts. */
    private String volumeOf(Path file) {
        for (JsonNode mount : relay.path("volumeMounts")) {
            if (file.startsWith(Path.of(mount.path("mountPath").asText()))) {
                JsonNode volume = volumes().get(mount.path("name").asText());
                return volume.path("configMap").has("name")
                        ? volume.path("configMap").path("name").asText()
                        : volume.path("secret").path("secretName").asText();
            }
        }
        throw new AssertionError(file + " is on no volume mounted in the relay container");
    }

    private Map<String, JsonNode> volumes() {
        Map<String, JsonNode> volumes = new HashMap<>();
        pod.path("volumes").forEach(volume -> volumes.put(volume.path("name").asText(), volume));
        return volumes;
    }

    private JsonNode ofKind(String kind) {
        return documents.stream()
                .filter(document -> document.path("kind").asText().equals(kind))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + MANIFESTS));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }
}
