package dev.waybill.contracts;

import dev.waybill.contracts.internal.SlaUnits;
import dev.waybill.outbox.SemanticVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One version of a data contract: an ODCS v3.1 document and the JSON Schema 2020-12 its payloads follow. Loaded from
 * a contract directory ({@link ContractDirectory}) or the registry ({@link ContractRegistry}); never half-valid:
 * a file with problems yields problems, not a contract.
 *
 * @param id the contract's id, named by every event ({@code contract} column)
 * @param version the contract version, named by every event ({@code schema_version} column)
 * @param topic the Kafka topic of valid events ({@code schema[0].physicalName})
 * @param deadLetterTopic where invalid events go ({@code customProperties.deadLetterTopic}); the relay has a default
 * @param compatibilityGroup versions in one group are checked against each other; by default the major version
 * @param source where it was loaded from: a file path, or {@code registry:<id>/<version>}
 * @param document the ODCS YAML text as written
 * @param payloadSchema the JSON Schema text as written
 * @param downConversion the copy this version's events get on the previous major's topic
 *     ({@code customProperties.downConversion}), if it declares one
 */
public record DataContract(
        String id,
        SemanticVersion version,
        ContractStatus status,
        String name,
        Optional<String> domain,
        Optional<String> team,
        Optional<String> description,
        String topic,
        Optional<String> deadLetterTopic,
        Compatibility compatibility,
        String compatibilityGroup,
        List<ContractProperty> properties,
        List<SlaProperty> slaProperties,
        String source,
        String document,
        String payloadSchema,
        Optional<DownConversion> downConversion) {

    public DataContract {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(status, "status");
        name = Objects.requireNonNullElse(name, id);
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(compatibility, "compatibility");
        Objects.requireNonNull(compatibilityGroup, "compatibilityGroup");
        properties = List.copyOf(properties);
        slaProperties = List.copyOf(slaProperties);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(payloadSchema, "payloadSchema");
        Objects.requireNonNull(downConversion, "downConversion");
    }

    /** {@code id@version}, how messages name a contract version. */
    public String coordinates() {
        return id + "@" + version;
    }

    /** Every property, nested ones included, depth first. */
    public List<ContractProperty> allProperties() {
        List<ContractProperty> all = new ArrayList<>();
        collect(properties, all);
        return all;
    }

    /** The names of the properties marked {@code primaryKey}: the event's key. */
    public List<String> primaryKey() {
        return allProperties().stream()
                .filter(ContractProperty::primaryKey)
                .map(ContractProperty::path)
                .toList();
    }

    public Optional<SlaProperty> sla(String property) {
        return slaProperties.stream()
                .filter(sla -> sla.property().equalsIgnoreCase(property))
                .findFirst();
    }

    /** The {@code latency} SLA: commit to Kafka acknowledgement, as the relay measures it. */
    public Optional<Duration> latencySla() {
        return sla("latency")
                .map(sla -> SlaUnits.duration(sla.value(), sla.unit().orElse("s")));
    }

    /** The {@code errorRate} SLA as a fraction (0.001 for 0.1 percent): the share of events dead-lettered. */
    public Optional<Double> errorRateSla() {
        return sla("errorRate")
                .map(sla -> SlaUnits.fraction(sla.value(), sla.unit().orElse("percent")));
    }

    private static void collect(List<ContractProperty> properties, List<ContractProperty> into) {
        for (ContractProperty property : properties) {
            into.add(property);
            collect(property.properties(), into);
        }
    }

    @Override
    public String toString() {
        return "DataContract[" + coordinates() + " " + status.value() + " -> " + topic + " from " + source + "]";
    }
}
