package dev.waybill.collector.internal;

import java.util.Map;

/**
 * One event of a request, its envelope checked: what the collector writes to the raw topic. {@code data} is the
 * payload exactly as received (the bytes of the {@code data} member, the decoded {@code data_base64}, or the body in
 * binary mode).
 *
 * @param extensions further CloudEvents extension attributes, by name (written as {@code ce_<name>})
 */
public record Envelope(
        String id,
        String type,
        String source,
        String subject,
        String time,
        String contract,
        String version,
        String aggregateType,
        String dataContentType,
        byte[] data,
        Map<String, String> extensions) {}
