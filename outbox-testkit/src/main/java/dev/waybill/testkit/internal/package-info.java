/** Implementation details of {@code dev.waybill.testkit} (launchers and settings): not an API. */
package dev.waybill.testkit.internal;
