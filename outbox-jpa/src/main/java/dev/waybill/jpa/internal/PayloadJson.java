package dev.waybill.jpa.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** Serializes mapper payloads: records, maps and beans through Jackson, java.time as ISO-8601 text. */
public final class PayloadJson {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .build();

    private PayloadJson() {}

    /** JSON text of {@code payload}; a {@code String} is taken to be JSON text already. */
    public static String write(Object payload) throws JsonProcessingException {
        if (payload instanceof String text) {
            return text;
        }
        if (payload instanceof JsonNode node) {
            return node.toString();
        }
        return JSON.writeValueAsString(payload);
    }
}
