package dev.waybill.collector.internal;

/**
 * The Kafka headers the collector adds to every raw record, as CloudEvents extension attributes in Kafka binary mode;
 * the validator carries them on to the valid and dead-letter topics.
 */
public final class CollectorHeaders {

    /** The collector instance that received the event. */
    public static final String COLLECTOR = "ce_waybillcollector";
    /** When it received the request (ISO-8601, UTC). */
    public static final String RECEIVED_AT = "ce_waybillreceivedat";
    /** The producer its token names. */
    public static final String PRODUCER = "ce_waybillproducer";
    /** The client's address, with {@code collector.record-client-address}. */
    public static final String CLIENT_ADDRESS = "ce_waybillclientaddress";

    private CollectorHeaders() {}
}
