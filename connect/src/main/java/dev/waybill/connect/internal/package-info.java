/** The transform's internals: its settings, the routing stage and its metrics. May change without notice. */
package dev.waybill.connect.internal;
