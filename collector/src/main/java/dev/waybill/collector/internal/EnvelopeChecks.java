package dev.waybill.collector.internal;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules of an event's envelope, whatever framing it came in: required attributes, CloudEvents' spec version and
 * extension names, lengths, the contract id (it names a topic) and the data's size. Stateless: shared by the requests
 * of one collector.
 */
final class EnvelopeChecks {

    /** Contract ids become topic names: Kafka's topic characters only. */
    private static final Pattern CONTRACT = Pattern.compile("[a-zA-Z0-9._-]+");
    /** CloudEvents extension attribute names: lower-case letters and digits. */
    private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,20}");

    /** Attributes the collector sets itself: a producer cannot forge them. */
    private static final Set<String> RESERVED_EXTENSIONS = Set.of(
            "waybillcollector",
            "waybillreceivedat",
            "waybillclientaddress",
            "waybillproducer",
            "waybillrelay",
            "waybillrelayedat",
            "waybilllsn",
            "waybilltxid",
            "dataschema");

    private final long maxEventSize;
    private final int maxAttributeLength;
    private final int maxContractLength;

    EnvelopeChecks(long maxEventSize, int maxAttributeLength, String rawTopicSuffix) {
        this.maxEventSize = maxEventSize;
        this.maxAttributeLength = maxAttributeLength;
        // Kafka's topic names have at most 249 characters, and the raw topic is the contract id and the suffix.
        this.maxContractLength = 249 - rawTopicSuffix.length();
    }

    /** Maps a member name to its attribute: the plain envelope's names and CloudEvents' own. */
    static String attributeName(String name) {
        return switch (name) {
            case "id", "type", "source", "subject", "time", "specversion", "datacontenttype" -> name;
            case "contract", "waybillcontract" -> "contract";
            case "version", "waybillversion" -> "version";
            case "aggregateType", "waybillaggregatetype" -> "aggregatetype";
            default -> null;
        };
    }

    /**
     * Whether {@code name} may be a producer's extension attribute; if not, adds why to {@code problems}.
     *
     * @param shownAs how the producer wrote it: the member name, or its {@code ce-} header
     */
    static boolean extensionAllowed(String name, String shownAs, EventProblems problems) {
        if (RESERVED_EXTENSIONS.contains(name)) {
            problems.add("reserved-attribute", name, "'" + shownAs + "' is set by the collector, not by producers");
            return false;
        }
        if (!EXTENSION.matcher(name).matches()) {
            problems.add(
                    "wrong-attribute", name, "'" + shownAs + "' is not a CloudEvents attribute name (1-20 of a-z 0-9)");
            return false;
        }
        return true;
    }

    /** The event, or {@code null} when its envelope breaks a rule (each is added to {@code problems}). */
    Envelope envelope(
            Map<String, String> attributes,
            byte[] data,
            Map<String, String> extensions,
            boolean cloudEvents,
            EventProblems problems) {
        if (cloudEvents || attributes.containsKey("specversion")) {
            String specVersion = attributes.get("specversion");
            if (specVersion == null || specVersion.isEmpty()) {
                problems.add("missing-attribute", "specversion", "'specversion' is required (1.0)");
            } else if (!specVersion.equals("1.0")) {
                problems.add("wrong-attribute", "specversion", "'specversion' must be 1.0, not " + specVersion);
            }
        }
        String id = required(attributes, "id", problems);
        String type = required(attributes, "type", problems);
        String subject = required(attributes, "subject", problems);
        String contract = required(attributes, "contract", problems);
        String version = required(attributes, "version", problems);
        checkLengths(attributes, problems);
        checkLengths(extensions, problems);
        if (contract != null && (!CONTRACT.matcher(contract).matches() || contract.length() > maxContractLength)) {
            problems.add(
                    "wrong-attribute",
                    "contract",
                    "'contract' must be 1-" + maxContractLength + " of a-z A-Z 0-9 . _ - (it names the raw topic)");
        }
        String time = attributes.get("time");
        if (time != null) {
            try {
                OffsetDateTime.parse(time);
            } catch (DateTimeParseException e) {
                problems.add("wrong-attribute", "time", "'time' is not an RFC 3339 timestamp: " + time);
            }
        }
        if (data == null) {
            problems.add("missing-data", "data", "the event has no data (its payload)");
        } else if (data.length > maxEventSize) {
            throw new ApiException(
                    413,
                    "event-too-large",
                    "event " + (id == null ? "" : "'" + id + "' ") + "has " + data.length
                            + " bytes of data; the limit is " + maxEventSize,
                    Map.of("limit", maxEventSize));
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new Envelope(
                id,
                type,
                attributes.get("source"),
                subject,
                time,
                contract,
                version,
                attributes.get("aggregatetype"),
                attributes.get("datacontenttype"),
                data,
                extensions);
    }

    private void checkLengths(Map<String, String> attributes, EventProblems problems) {
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            if (attribute.getValue().length() > maxAttributeLength) {
                problems.add(
                        "attribute-too-long",
                        attribute.getKey(),
                        "'" + attribute.getKey() + "' is longer than " + maxAttributeLength + " characters");
            }
        }
    }

    private static String required(Map<String, String> attributes, String name, EventProblems problems) {
        String value = attributes.get(name);
        if (value == null || value.isBlank()) {
            problems.add("missing-attribute", name, "'" + name + "' is required");
            return null;
        }
        return value;
    }
}
