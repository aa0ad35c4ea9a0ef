/**
 * Implementation details of the relay (the Debezium adapter, slot guard, offsets, retention, health): not an API.
 * Classes are public only where another package or Debezium (by class name) needs them.
 */
package dev.waybill.relay.internal;
