/**
 * Real PostgreSQL (with logical replication) and Kafka for tests, as containers where a Docker engine answers and
 * embedded otherwise. Entry point: annotate a JUnit class with {@link dev.waybill.testkit.WaybillTest} and take
 * {@link dev.waybill.testkit.TestDatabase} or {@link dev.waybill.testkit.TestKafka} parameters; without JUnit,
 * {@link dev.waybill.testkit.Testkit}.
 */
package dev.waybill.testkit;
