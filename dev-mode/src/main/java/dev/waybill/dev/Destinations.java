package dev.waybill.dev;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.DataContract;
import dev.waybill.jpa.Outboxed;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the relay sends the shop's events, read from the contracts dev mode runs with (the example contracts, or
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
        Optional<DataContract> contract = catalog.find(outboxed.contract(), outboxed.version());
        if (contract.isEmpty()) {
            return new ShopTraffic.Expected(
                    defaultDeadLetterTopic,
                    catalog.versions(outboxed.contract()).isEmpty() ? "unknown-contract" : "unknown-version");
        }
        return breaksContract
                ? new ShopTraffic.Expected(deadLetterTopic(contract), "contract-violation")
                : new ShopTraffic.Expected(contract.get().topic(), null);
    }

    private String deadLetterTopic(Optional<DataContract> contract) {
        return contract.flatMap(DataContract::deadLetterTopic).orElse(defaultDeadLetterTopic);
    }
}
