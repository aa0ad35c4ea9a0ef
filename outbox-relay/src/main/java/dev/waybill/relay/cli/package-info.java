/**
 * The relay's commands for {@code waybill}: {@code relay} and {@code migrate}, added to
 * {@link dev.waybill.cli.WaybillCli} by {@link dev.waybill.relay.cli.RelayCliExtension} and
 * {@link dev.waybill.relay.cli.MigrateCliExtension}.
 */
package dev.waybill.relay.cli;
