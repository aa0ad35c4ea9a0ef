package dev.waybill.testkit.internal;

/**
 * Where a started Kafka broker listens.
 *
 * @param stopper stops the broker if the testkit started it; a no-op for an external broker
 */
public record KafkaEndpoint(String backend, String bootstrapServers, AutoCloseable stopper) {}
