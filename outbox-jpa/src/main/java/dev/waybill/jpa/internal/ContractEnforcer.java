package dev.waybill.jpa.internal;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.ContractDirectory;
import dev.waybill.contracts.ValidationResult;
import dev.waybill.jpa.OutboxContractException;
import dev.waybill.jpa.OutboxSettings;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.WaybillException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code waybill.outbox.validation=enforce}: events are checked against their contracts before they are written.
 * Kept in its own class so that outbox-contracts is needed only when enforcing.
 */
final class ContractEnforcer {

    private final ContractCatalog catalog;

    private ContractEnforcer(ContractCatalog catalog) {
        this.catalog = catalog;
    }

    static ContractEnforcer load(Path directory) {
        try {
            // Enforcement is a development and test aid, where draft versions are being written.
            return new ContractEnforcer(ContractDirectory.at(directory).load().acceptingDrafts());
        } catch (NoClassDefFoundError e) {
            throw new WaybillException(
                    OutboxSettings.VALIDATION + "=enforce needs dev.waybill:outbox-contracts on " + "the classpath", e);
        }
    }

    void check(OutboxEvent event, String subject) {
        ValidationResult result = catalog.validate(event.contract(), event.schemaVersion(), event.payload());
        if (!(result instanceof ValidationResult.Rejected rejected)) {
            return;
        }
        List<String> violations = rejected instanceof ValidationResult.Invalid invalid
                ? invalid.violations().stream()
                        .map(v -> (v.pointer().isEmpty() ? "(payload)" : v.pointer()) + " " + v.keyword() + ": "
                                + v.message())
                        .toList()
                : List.of(rejected.reason().code() + " (" + rejected.message() + ")");
        throw new OutboxContractException(event.contract(), event.schemaVersion(), subject, violations);
    }
}
