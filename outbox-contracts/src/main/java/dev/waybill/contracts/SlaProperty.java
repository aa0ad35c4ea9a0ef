package dev.waybill.contracts;

import java.util.Objects;
import java.util.Optional;

/**
 * One ODCS service-level property, for example {@code latency 5 s}. The relay measures {@code latency} (commit to
 * Kafka acknowledgement) and {@code errorRate} (share of events dead-lettered) per contract.
 */
public record SlaProperty(
        String property, String value, Optional<String> unit, Optional<String> element, Optional<String> description) {

    public SlaProperty {
        Objects.requireNonNull(property, "property");
        Objects.requireNonNull(value, "value");
        unit = Objects.requireNonNullElse(unit, Optional.empty());
        element = Objects.requireNonNullElse(element, Optional.empty());
        description = Objects.requireNonNullElse(description, Optional.empty());
    }
}
