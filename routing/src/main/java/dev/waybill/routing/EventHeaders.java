package dev.waybill.routing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event's own headers, read from their JSON text: a string map, or the problem that makes them unusable (the
 * event is then dead-lettered as {@code malformed-headers}).
 */
record EventHeaders(Map<String, String> values, String problem) {

    private static final JsonFactory JSON = new JsonFactory();
    private static final EventHeaders NONE = new EventHeaders(Map.of(), null);

    boolean usable() {
        return problem == null;
    }

    static EventHeaders parse(String json) {
        if (json == null || json.isBlank() || json.equals("{}")) {
            return NONE; // the common case, without a parser
        }
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return unusable("the event's headers are not a JSON object of strings");
            }
            Map<String, String> values = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                if (parser.nextToken() != JsonToken.VALUE_STRING) {
                    return unusable("the event's header '" + name + "' is not a string");
                }
                values.put(name, parser.getText());
            }
            return new EventHeaders(values, null);
        } catch (IOException e) {
            // Jackson reports broken JSON by throwing; it is a result here, not a failure.
            return unusable("the event's headers are not valid JSON");
        }
    }

    private static EventHeaders unusable(String problem) {
        return new EventHeaders(Map.of(), problem);
    }
}
