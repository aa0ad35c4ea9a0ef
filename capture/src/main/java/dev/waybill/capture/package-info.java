/**
 * What every deployment that captures the outbox with Debezium shares. Entry points:
 * {@link dev.waybill.capture.ChangeEvents#of(dev.waybill.outbox.OutboxTable)}, which reads Debezium's change records
 * (outbox row inserts and Waybill's logical decoding messages) into the routing core's
 * {@link dev.waybill.routing.CapturedEvent}, and {@link dev.waybill.capture.ContractSource}, the contract catalog
 * reloaded from its directory or registry table.
 *
 * <p>The relay (Debezium's embedded engine) and the Kafka Connect transform (Debezium's connector on a Connect
 * worker) read records through this one class, so both see the same event in the same record. Connect's API
 * ({@code connect-api}) is a provided dependency: the relay has it through Debezium, a Connect worker provides it.
 * Like the routing core, nothing here logs: outcomes are return values and exceptions.
 */
package dev.waybill.capture;
