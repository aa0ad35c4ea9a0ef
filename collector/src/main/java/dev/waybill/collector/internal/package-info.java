/** The collector's parts: envelope reading, the Kafka sinks of the acknowledgement modes, tokens, limits, HTTP. */
package dev.waybill.collector.internal;
