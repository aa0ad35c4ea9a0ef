/**
 * The collector: {@link dev.waybill.collector.Collector} ({@code waybill collect}), its settings
 * ({@link dev.waybill.collector.CollectorSettings}), and the validator in {@code dev.waybill.collector.validate}.
 */
package dev.waybill.collector;
