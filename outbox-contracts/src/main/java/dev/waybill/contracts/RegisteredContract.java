package dev.waybill.contracts;

import java.time.Instant;

/** One row of the contract registry, as {@code waybill contracts list} shows it. */
public record RegisteredContract(
        String contractId,
        String version,
        ContractStatus status,
        String topic,
        String digest,
        Instant pushedAt,
        String pushedBy,
        Instant updatedAt) {}
