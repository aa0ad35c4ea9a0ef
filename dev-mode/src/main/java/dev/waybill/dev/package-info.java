/**
 * {@code waybill dev}: the whole pipeline on embedded services. Entry point: {@link dev.waybill.dev.DevMode}, put on
 * the command line by {@link dev.waybill.dev.DevCliExtension}.
 */
package dev.waybill.dev;
