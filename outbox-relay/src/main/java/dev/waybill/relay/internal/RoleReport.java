package dev.waybill.relay.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.waybill.relay.RelayRole;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The body of {@code /health/role}: which role this relay has in its stream, and who it is. */
record RoleReport(RelayRole role, String relay, String instance) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    String json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("role", role.value());
        body.put("relay", relay);
        body.put("instance", instance);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // strings always serialise
        }
    }
}
