/**
 * Implementation details of {@code dev.waybill.contracts} (the ODCS reader, schema comparison, payload validation):
 * not an API, and may change in any release.
 */
package dev.waybill.contracts.internal;
