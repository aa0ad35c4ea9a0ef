/**
 * Implementation details of {@code dev.waybill.outbox} (UUIDv7 ids, JSON text, the message envelope): public only so
 * other Waybill modules can share them; not an API, and may change in any release.
 */
package dev.waybill.outbox.internal;
