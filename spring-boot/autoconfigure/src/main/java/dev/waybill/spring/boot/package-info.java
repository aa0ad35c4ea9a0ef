/**
 * Waybill in a Spring Boot application. Entry point: {@link dev.waybill.spring.boot.TransactionalOutbox}, which the
 * starter configures, for writing events in the current Spring transaction; {@code @Outboxed} entities need nothing
 * but the starter. Configuration is under {@code waybill.*} (see {@code docs/spring-boot.md}).
 */
package dev.waybill.spring.boot;
