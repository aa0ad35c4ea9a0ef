/**
 * {@code waybill dlq summary|show|replay}, the way back for dead-lettered events. Entry point:
 * {@link dev.waybill.dlq.DlqCliExtension}, which adds the {@code dlq} command to {@link dev.waybill.cli.WaybillCli}
 * (found through {@code META-INF/services}); the reading, masking and replaying are in
 * {@code dev.waybill.dlq.internal}.
 */
package dev.waybill.dlq;
