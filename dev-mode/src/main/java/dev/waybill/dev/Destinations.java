package dev.waybill.dev;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.DataContract;
import dev.waybill.jpa.Outboxed;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the relay and the collector's validator send the shop's events, read from the contracts dev mode runs with (the example contracts, or
 * those given with {@code --contracts}): a contract's topic, else its dead-letter topic, else the relay's.
 */
record Destinations(ContractCatalog catalog, String defaultDeadLetterTopic) {

    /** Every topic an event can land in. */
    Set<String> topics() {
        Set<String> topics = new TreeSet<>();
        topics.add(defaultDeadLetterTopic);
        for (DataContract contract : catalog.contracts()) {
            topics.add(contract.topic());
            topics.add(deadLetterTopic(Optional.of(contract)));
        }
        return topics;
    }

    /** Where an event of {@code entity} (annotated {@link Outboxed}) lands, valid or breaking its contract. */
    ShopTraffic.Expected of(Class<?> entity, boolean breaksContract) {
        Outboxed outboxed = entity.getAnnotation(Outboxed.class);
        return of(outboxed.contract(), outboxed.version(), breaksContract);
    }

    /** Where an event of {@code contract} {@code version} lands, valid or breaking it (the relay and validator agree). */
    ShopTraffic.Expected of(String contractId, String version, boolean breaksContract) {
        Optional<DataContract> contract = catalog.find(contractId, version);
        if (contract.isEmpty()) {
            return new ShopTraffic.Expected(
                    defaultDeadLetterTopic,
                    catalog.versions(contractId).isEmpty() ? "unknown-contract" : "unknown-version");
        }
        return breaksContract
                ? new ShopTraffic.Expected(deadLetterTopic(contract), "contract-violation")
                : new ShopTraffic.Expected(contract.get().topic(), null);
    }

    /** Whether the contracts have {@code contract} {@code version}. */
    boolean has(String contractId, String version) {
        return catalog.find(contractId, version).isPresent();
    }

    private String deadLetterTopic(Optional<DataContract> contract) {
        return contract.flatMap(DataContract::deadLetterTopic).orElse(defaultDeadLetterTopic);
    }
}
