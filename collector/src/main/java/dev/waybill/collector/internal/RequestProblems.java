package dev.waybill.collector.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The envelope problems of a request: all answered at once, as 422 {@code invalid-envelope}, so a producer fixes a
 * batch in one round rather than one event per retry. The body lists the first {@value #MAX_REPORTED}.
 */
final class RequestProblems {

    private static final int MAX_REPORTED = 20;

    private final List<Map<String, Object>> events = new ArrayList<>();
    private int count;

    void add(int index, String code, String attribute, String message) {
        count++;
        if (events.size() < MAX_REPORTED) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("index", index);
            problem.put("error", code);
            if (!attribute.isEmpty()) {
                problem.put("attribute", attribute);
            }
            problem.put("message", message);
            events.add(problem);
        }
    }

    void throwIfAny() {
        if (count == 0) {
            return;
        }
        Map<String, Object> first = events.get(0);
        String message = count == 1
                ? "event " + first.get("index") + ": " + first.get("message")
                : count + " events have envelope problems; the first, event " + first.get("index") + ": "
                        + first.get("message");
        throw new ApiException(
                422,
                "invalid-envelope",
                message + ". Nothing of the request was written",
                Map.of("events", List.copyOf(events)));
    }
}
