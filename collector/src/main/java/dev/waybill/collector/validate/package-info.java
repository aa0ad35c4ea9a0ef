/** {@code waybill validate}: the raw topics through the routing core, exactly once (Kafka Streams). */
package dev.waybill.collector.validate;
