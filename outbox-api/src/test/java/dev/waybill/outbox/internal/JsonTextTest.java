package dev.waybill.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    @Test
    void escapesWhatJsonRequiresAndKeepsOrder() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("traceparent", "00-abc-01");
        headers.put("quote\"back\\slash", "tab\tnew\nline\u0001é");

        String json = JsonText.object(headers);

        assertThat(json)
                .isEqualTo("{\"traceparent\":\"00-abc-01\",\"quote\\\"back\\\\slash\":\"tab\\tnew\\nline\\u0001é\"}");
        assertThat(JsonObjectSyntax.problem(json)).isEmpty();
    }

    @Test
    void emptyMapIsAnEmptyObject() {
        assertThat(JsonText.object(Map.of())).isEqualTo("{}");
    }
}
