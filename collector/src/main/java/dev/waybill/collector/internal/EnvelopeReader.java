package dev.waybill.collector.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the events of one {@code POST /v1/events} and checks their envelopes, never their payloads: the body's
 * framing (JSON object or array, NDJSON, CloudEvents structured or binary mode), required attributes, sizes, and ids
 * unique within the request. Every problem is an {@link ApiException} with the status and code of docs/collector.md.
 * One reader per request: it is not thread-safe.
 */
public final class EnvelopeReader {

    public static final String JSON = "application/json";
    public static final String NDJSON = "application/x-ndjson";
    public static final String CLOUDEVENTS = "application/cloudevents+json";
    public static final String CLOUDEVENTS_BATCH = "application/cloudevents-batch+json";

    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    private final JsonFactory json = JSON_FACTORY;
    private final int maxEvents;
    private final EnvelopeChecks checks;

    public EnvelopeReader(int maxEvents, long maxEventSize, int maxAttributeLength, String rawTopicSuffix) {
        this.maxEvents = maxEvents;
        this.checks = new EnvelopeChecks(maxEventSize, maxAttributeLength, rawTopicSuffix);
    }

    /**
     * @param contentType the request's {@code Content-Type} ({@code null} when missing)
     * @param ceHeaders the request's {@code ce-*} headers, names in lower case; binary mode when not empty
     */
    public List<Envelope> read(String contentType, Map<String, String> ceHeaders, byte[] body) {
        String mediaType = mediaType(contentType);
        List<Envelope> events;
        if (!ceHeaders.isEmpty() && !mediaType.equals(CLOUDEVENTS) && !mediaType.equals(CLOUDEVENTS_BATCH)) {
            events = List.of(binary(contentType, ceHeaders, body));
        } else {
            if (body.length == 0) {
                throw new ApiException(400, "empty-body", "the request has no body: send an event or a batch");
            }
            events = switch (mediaType) {
                case JSON -> json(body, false, true);
                case CLOUDEVENTS -> json(body, true, false);
                case CLOUDEVENTS_BATCH -> json(body, true, true);
                case NDJSON -> ndjson(body);
                case "" -> throw unsupported("the request has no Content-Type");
                default -> throw unsupported("Content-Type " + mediaType + " is not accepted");
            };
        }
        checkUnique(events);
        return events;
    }

    private static ApiException unsupported(String what) {
        return new ApiException(
                415,
                "unsupported-media-type",
                what + ": send " + JSON + ", " + NDJSON + ", " + CLOUDEVENTS + ", " + CLOUDEVENTS_BATCH
                        + ", or an event in CloudEvents binary mode (ce-* headers)");
    }

    static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    private List<Envelope> json(byte[] body, boolean cloudEvents, boolean arrayAllowed) {
        List<Envelope> events = new ArrayList<>();
        RequestProblems problems = new RequestProblems();
        try (JsonParser parser = json.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY && arrayAllowed) {
                int index = 0;
                JsonToken token;
                while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (token == null) {
                        throw malformed("the JSON array is not closed", parser);
                    }
                    if (index >= maxEvents) {
                        throw tooMany();
                    }
                    Envelope event = object(parser, body, cloudEvents, index, problems);
                    if (event != null) {
                        events.add(event);
                    }
                    index++;
                }
                if (index == 0) {
                    throw new ApiException(422, "empty-batch", "the batch holds no events");
                }
            } else if (first == JsonToken.START_OBJECT) {
                Envelope event = object(parser, body, cloudEvents, 0, problems);
                if (event != null) {
                    events.add(event);
                }
            } else {
                throw new ApiException(
                        422,
                        "not-an-event",
                        arrayAllowed
                                ? "the body must be an event (a JSON object) or a batch (a JSON array of them)"
                                : "the body must be one event, a JSON object");
            }
            if (parser.nextToken() != null) {
                throw malformed("more content after the JSON value", parser);
            }
        } catch (JsonProcessingException e) {
            throw malformed(e.getOriginalMessage(), e.getLocation());
        } catch (IOException e) {
            throw new ApiException(400, "malformed-json", "the body cannot be read: " + e.getMessage());
        }
        problems.throwIfAny();
        return events;
    }

    private List<Envelope> ndjson(byte[] body) {
        List<Envelope> events = new ArrayList<>();
        RequestProblems problems = new RequestProblems();
        int start = 0;
        int index = 0;
        int lineNumber = 0;
        while (start < body.length) {
            int end = start;
            while (end < body.length && body[end] != '\n') {
                end++;
            }
            lineNumber++;
            byte[] line = Arrays.copyOfRange(body, start, end > start && body[end - 1] == '\r' ? end - 1 : end);
            start = end + 1;
            if (blank(line)) {
                continue;
            }
            if (index >= maxEvents) {
                throw tooMany();
            }
            try (JsonParser parser = json.createParser(line)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new ApiException(
                            422, "not-an-event", "line " + lineNumber + " is not an event (a JSON object)");
                }
                Envelope event = object(parser, line, false, index, problems);
                if (parser.nextToken() != null) {
                    throw new ApiException(
                            400, "malformed-json", "line " + lineNumber + ": more content after the JSON object");
                }
                if (event != null) {
                    events.add(event);
                }
            } catch (JsonProcessingException e) {
                throw new ApiException(
                        400, "malformed-json", "line " + lineNumber + " is not valid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new ApiException(400, "malformed-json", "the body cannot be read: " + e.getMessage());
            }
            index++;
        }
        if (index == 0) {
            throw new ApiException(422, "empty-batch", "the batch holds no events");
        }
        problems.throwIfAny();
        return events;
    }

    private static boolean blank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Reads one event object (the parser on its START_OBJECT); {@code null} when its envelope has problems. */
    private Envelope object(JsonParser parser, byte[] body, boolean cloudEvents, int index, RequestProblems problems)
            throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            if (parser.currentToken().isStructStart()) {
                parser.skipChildren();
            }
            problems.add(index, "not-an-event", "", "the event is not a JSON object");
            return null;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, String> extensions = new LinkedHashMap<>();
        byte[] data = null;
        boolean dataBase64 = false;
        EventProblems eventProblems = new EventProblems();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("data")) {
                // The payload's bytes exactly as sent: never parsed into a tree and written again.
                long start = parser.currentTokenLocation().getByteOffset();
                if (value.isStructStart()) {
                    parser.skipChildren();
                } else {
                    parser.finishToken();
                }
                long end = parser.currentLocation().getByteOffset();
                data = value == JsonToken.VALUE_NULL ? null : Arrays.copyOfRange(body, (int) start, (int) end);
                dataBase64 = false;
                continue;
            }
            if (value.isStructStart()) {
                parser.skipChildren();
                eventProblems.add(
                        "wrong-attribute",
                        name,
                        "'" + name + "' must be a string, not a JSON "
                                + (value == JsonToken.START_OBJECT ? "object" : "array"));
                continue;
            }
            if (value == JsonToken.VALUE_NULL) {
                continue;
            }
            String text = parser.getText();
            String attribute = EnvelopeChecks.attributeName(name);
            if (name.equals("data_base64") && cloudEvents) {
                try {
                    data = Base64.getDecoder().decode(text);
                    dataBase64 = true;
                } catch (IllegalArgumentException e) {
                    eventProblems.add("wrong-attribute", name, "'data_base64' is not base64");
                }
            } else if (attribute != null) {
                attributes.put(attribute, text);
            } else if (cloudEvents || attributes.containsKey("specversion")) {
                if (EnvelopeChecks.extensionAllowed(name, name, eventProblems)) {
                    extensions.put(name, text);
                }
            } else {
                eventProblems.add(
                        "unknown-attribute",
                        name,
                        "'" + name + "' is not an envelope attribute (the payload goes in 'data')");
            }
        }
        if (dataBase64 && data != null && !attributes.containsKey("datacontenttype")) {
            attributes.put("datacontenttype", "application/octet-stream");
        }
        Envelope envelope = checks.envelope(attributes, data, extensions, cloudEvents, eventProblems);
        return eventProblems.reportTo(problems, index) ? null : envelope;
    }

    private Envelope binary(String contentType, Map<String, String> ce, byte[] body) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, String> extensions = new LinkedHashMap<>();
        EventProblems eventProblems = new EventProblems();
        for (Map.Entry<String, String> header : ce.entrySet()) {
            String name = header.getKey().substring(3);
            String attribute = EnvelopeChecks.attributeName(name);
            if (attribute != null) {
                attributes.put(attribute, header.getValue());
            } else if (EnvelopeChecks.extensionAllowed(name, "ce-" + name, eventProblems)) {
                extensions.put(name, header.getValue());
            }
        }
        if (contentType != null && !contentType.isBlank()) {
            attributes.put("datacontenttype", contentType.trim());
        }
        if (!attributes.containsKey("specversion")) {
            attributes.put("specversion", "");
        }
        Envelope envelope =
                checks.envelope(attributes, body.length == 0 ? null : body, extensions, true, eventProblems);
        RequestProblems problems = new RequestProblems();
        eventProblems.reportTo(problems, 0);
        problems.throwIfAny();
        return envelope;
    }

    private void checkUnique(List<Envelope> events) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            if (!ids.add(events.get(i).id())) {
                throw new ApiException(
                        422,
                        "duplicate-id",
                        "the id '" + events.get(i).id() + "' appears more than once in the request",
                        Map.of("index", i));
            }
        }
    }

    private ApiException tooMany() {
        return new ApiException(
                413,
                "too-many-events",
                "the request holds more than " + maxEvents + " events",
                Map.of("limit", maxEvents));
    }

    private static ApiException malformed(String what, JsonParser parser) {
        return malformed(what, parser.currentLocation());
    }

    private static ApiException malformed(String what, com.fasterxml.jackson.core.JsonLocation location) {
        String where =
                location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
        return new ApiException(400, "malformed-json", "the body is not valid JSON: " + what + where);
    }
}
