/**
 * Hibernate ORM 7 integration: entities annotated with {@link dev.waybill.jpa.Outboxed} write their events in the
 * flush that writes them, through an {@link dev.waybill.jpa.OutboxMapper}; {@link dev.waybill.jpa.Outbox#publish}
 * writes one programmatically. Hibernate finds the integration itself; settings are in
 * {@link dev.waybill.jpa.OutboxSettings}.
 */
package dev.waybill.jpa;
