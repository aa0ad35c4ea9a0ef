package dev.waybill.collector.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The envelope problems of one event: every message, and the code and attribute of the first one, which the error
 * body names. Parsing and attribute checks add to the same list, in the order they are found.
 */
final class EventProblems {

    private final List<String> messages = new ArrayList<>();
    private String code;
    private String attribute = "";

    void add(String code, String attribute, String message) {
        if (this.code == null) {
            this.code = code;
            this.attribute = attribute;
        }
        messages.add(message);
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    /** Adds these problems to the request's, as event {@code index}'s; {@code false} when there were none. */
    boolean reportTo(RequestProblems request, int index) {
        if (messages.isEmpty()) {
            return false;
        }
        request.add(index, code, attribute, String.join("; ", messages));
        return true;
    }
}
