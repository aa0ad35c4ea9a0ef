/**
 * The relay: tails the outbox through logical replication (Debezium's embedded engine) and publishes each event
 * through the routing core to its contract's topic, or to a dead-letter topic with the reason. Entry point:
 * {@link dev.waybill.relay.Relay#start(dev.waybill.relay.RelayConfig)} with a configuration from
 * {@link dev.waybill.relay.RelayConfig#builder()} or {@link dev.waybill.relay.RelayConfig#load}; every setting is
 * declared in {@link dev.waybill.relay.RelaySettings}. Operators run it as {@code waybill relay}.
 */
package dev.waybill.relay;
