/**
 * Waybill's contract routing on Kafka Connect. Entry point: {@link dev.waybill.connect.ContractRouter}, a single
 * message transform for the records of Debezium's PostgreSQL connector: each outbox row insert and each of Waybill's
 * logical decoding messages becomes exactly the record the relay publishes (topic, key, value, CloudEvents headers,
 * dead-letter topic and reason), through the same routing core ({@code waybill-routing}) and the same reader of
 * Debezium's records ({@code waybill-capture}). Its settings are {@link dev.waybill.connect.ContractRouter#config()}.
 *
 * <p>Installation, the connector configuration and what Connect guarantees: {@code docs/connect.md}. Everything under
 * {@code dev.waybill.connect.internal} may change without notice.
 */
package dev.waybill.connect;
