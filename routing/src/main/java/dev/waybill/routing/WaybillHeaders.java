package dev.waybill.routing;

/**
 * The Kafka header names of a routed record: CloudEvents 1.0 Kafka binary mode ({@code ce_*}), Waybill's extension
 * attributes ({@code ce_waybill*}), on dead-lettered records the reason ({@code waybill_dlq_*}), and on records
 * {@code waybill dlq replay} published where they were dead-lettered ({@code waybill_replay*}). Consumers and tools
 * read them by these names; they never change for a released version.
 */
public final class WaybillHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String DATA_SCHEMA = "ce_dataschema";
    public static final String CONTENT_TYPE = "content-type";
    public static final String CONTRACT = "ce_waybillcontract";
    public static final String VERSION = "ce_waybillversion";
    public static final String AGGREGATE_TYPE = "ce_waybillaggregatetype";
    public static final String LSN = "ce_waybilllsn";
    public static final String TX_ID = "ce_waybilltxid";
    public static final String RELAY = "ce_waybillrelay";
    public static final String RELAYED_AT = "ce_waybillrelayedat";
    /** On a down-converted copy: {@code <contract>@<version>} of the event it was converted from. */
    public static final String CONVERTED_FROM = "ce_waybillconvertedfrom";
    /** On an event that got a down-converted copy: {@code <contract>@<version>} of the copy. */
    public static final String CONVERTED_TO = "ce_waybillconvertedto";

    public static final String DLQ_REASON = "waybill_dlq_reason";
    public static final String DLQ_POINTER = "waybill_dlq_pointer";
    public static final String DLQ_MESSAGE = "waybill_dlq_message";
    public static final String DLQ_INTENDED_TOPIC = "waybill_dlq_intended_topic";
    // On a record `waybill dlq replay` published: where the dead letter was, and when it was replayed.
    public static final String REPLAY_TOPIC = "waybill_replay_topic";
    public static final String REPLAY_PARTITION = "waybill_replay_partition";
    public static final String REPLAY_OFFSET = "waybill_replay_offset";
    public static final String REPLAYED_AT = "waybill_replayed_at";

    /** {@code ce_dataschema} of an event: {@code urn:waybill:contract:<contract>:<version>}. */
    public static String dataSchema(String contract, String version) {
        return "urn:waybill:contract:" + contract + ":" + version;
    }

    /**
     * Whether an event's own header may travel under this name: names of the CloudEvents attributes, Waybill's
     * headers and {@code content-type} belong to the router, so an event cannot forge them.
     */
    public static boolean reserved(String name) {
        return name.regionMatches(true, 0, "ce_", 0, 3)
                || name.regionMatches(true, 0, "waybill_", 0, 8)
                || name.equalsIgnoreCase(CONTENT_TYPE);
    }

    private WaybillHeaders() {}
}
