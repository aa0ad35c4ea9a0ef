/** {@code waybill collect} and {@code waybill validate}, added to the command line as CLI extensions. */
package dev.waybill.collector.cli;
