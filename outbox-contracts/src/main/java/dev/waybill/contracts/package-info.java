/**
 * Data contracts (ODCS v3.1 with JSON Schema 2020-12 payload schemas): loading, linting, validating events, checking
 * compatibility between versions, and the registry table. Entry point:
 * {@link dev.waybill.contracts.Contracts#load(java.nio.file.Path)}, then
 * {@link dev.waybill.contracts.ContractCatalog#validate(dev.waybill.outbox.OutboxEvent)}; why an event is
 * dead-lettered is a {@link dev.waybill.contracts.DeadLetterReason}.
 */
package dev.waybill.contracts;
