/**
 * The Spring Boot example: a web service whose {@code Order} entity writes its {@code orders.order-created} event
 * through the Waybill starter, and a relay inside the application that publishes it. Entry point:
 * {@link dev.waybill.example.spring.orders.SpringOrderServiceApplication}; the endpoint is
 * {@link dev.waybill.example.spring.orders.OrderController}.
 */
package dev.waybill.example.spring.orders;
