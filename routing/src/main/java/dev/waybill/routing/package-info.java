/**
 * Waybill's routing core: one captured outbox event in, the Kafka record to send out. Entry point:
 * {@link dev.waybill.routing.EventRouter#builder()}; input {@link dev.waybill.routing.CapturedEvent}, output
 * {@link dev.waybill.routing.RoutedEvent}; header names in {@link dev.waybill.routing.WaybillHeaders}.
 *
 * <p>Every deployment routes through this package (the relay, Kafka Connect, the collector's validator), so the same
 * event becomes the same record wherever it runs. It depends on the contracts and on Kafka's header type only: no
 * Debezium, no Kafka Connect.
 */
package dev.waybill.routing;
