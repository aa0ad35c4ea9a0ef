/**
 * The example service: customers and purchase orders on Hibernate whose events are written by {@code outbox-jpa}.
 * Entry point: {@link dev.waybill.example.orders.OrderService}.
 */
package dev.waybill.example.orders;
