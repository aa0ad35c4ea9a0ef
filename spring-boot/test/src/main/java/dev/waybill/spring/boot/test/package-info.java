/**
 * Waybill in Spring Boot tests: the testkit's PostgreSQL (logical replication on) and Kafka wired into a
 * {@code @SpringBootTest}, and assertions on the events the relay published. Entry point: annotate the test class
 * with {@link dev.waybill.spring.boot.test.AutoConfigureWaybillTestkit}; read topics with
 * {@link dev.waybill.spring.boot.test.PublishedEvents}.
 */
package dev.waybill.spring.boot.test;
