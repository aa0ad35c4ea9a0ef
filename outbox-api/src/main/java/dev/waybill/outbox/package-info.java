/**
 * Writing outbox events with plain JDBC, inside the caller's transaction. Entry point:
 * {@link dev.waybill.outbox.OutboxWriter#create()} with events built by {@link dev.waybill.outbox.OutboxEvent#builder()};
 * the row and message format is {@link dev.waybill.outbox.OutboxColumn}. Every exception Waybill throws extends
 * {@link dev.waybill.outbox.WaybillException}. Depends on the JDK only.
 */
package dev.waybill.outbox;
