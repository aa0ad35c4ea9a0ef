/**
 * The {@code waybill} command line. Entry point: {@link dev.waybill.cli.WaybillCli}; other modules add commands
 * through {@link dev.waybill.cli.CliExtension}.
 */
package dev.waybill.cli;
