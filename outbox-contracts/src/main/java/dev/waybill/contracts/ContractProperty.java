package dev.waybill.contracts;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One property of a contract's payload, as the ODCS file describes it.
 *
 * @param path the property's JSON pointer in the payload, for example {@code /customer/email}; array items add
 *     no segment, so {@code /lines/sku} is the {@code sku} of every line
 * @param classification for example {@code pii}: values of such properties never appear in messages
 * @param lineage the source objects the value is derived from ({@code transformSourceObjects})
 * @param properties nested properties of an object (or of an array's items)
 */
public record ContractProperty(
        String name,
        String path,
        String logicalType,
        boolean required,
        boolean primaryKey,
        Optional<String> classification,
        List<String> lineage,
        Optional<String> description,
        List<ContractProperty> properties) {

    public ContractProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        logicalType = Objects.requireNonNullElse(logicalType, "");
        classification = Objects.requireNonNullElse(classification, Optional.empty());
        lineage = List.copyOf(lineage);
        description = Objects.requireNonNullElse(description, Optional.empty());
        properties = List.copyOf(properties);
    }

    public boolean isPii() {
        return classification.map(value -> value.equalsIgnoreCase("pii")).orElse(false);
    }
}
