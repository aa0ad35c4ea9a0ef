/**
 * Spring Boot auto-configuration for Waybill, listed in {@code META-INF/spring/...AutoConfiguration.imports}.
 * Entry point: {@link dev.waybill.spring.boot.autoconfigure.WaybillAutoConfiguration} (the writer); the others add
 * outbox-jpa's settings, the migrations, meters, health and the in-process relay when their libraries are present.
 * Settings: {@link dev.waybill.spring.boot.autoconfigure.WaybillProperties}.
 */
package dev.waybill.spring.boot.autoconfigure;
