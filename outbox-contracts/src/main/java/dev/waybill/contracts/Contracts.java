package dev.waybill.contracts;

import java.nio.file.Path;

/**
 * The entry point of {@code outbox-contracts}: load a directory of contracts, then validate events against it.
 *
 * <pre>{@code
 * ValidationResult result = Contracts.load(Path.of("contracts")).validate(event);
 * }</pre>
 *
 * <p>For the rest: {@link ContractDirectory} lints a directory, {@link ContractRegistry} pushes to and reads from the
 * registry table, {@link CompatibilityCheck} compares versions.
 */
public final class Contracts {

    private Contracts() {}

    /**
     * Loads every contract version under {@code directory} ({@code <id>/<version>.odcs.yaml} and the JSON Schemas
     * they name), ready to validate events.
     *
     * @throws ContractLoadException listing every problem found, with file, line and field
     */
    public static ContractCatalog load(Path directory) {
        return ContractDirectory.at(directory).load();
    }
}
