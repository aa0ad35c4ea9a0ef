/** The dead-letter tools' implementation: snapshot reads, grouping, pii masking and the transactional replay. */
package dev.waybill.dlq.internal;
