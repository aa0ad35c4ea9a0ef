package dev.waybill.outbox.internal;

import java.util.Map;

/** Writes the little JSON this module produces itself: the string map of event headers. */
public final class JsonText {

    private JsonText() {}

    public static String object(Map<String, String> members) {
        StringBuilder json = new StringBuilder(16 + members.size() * 32).append('{');
        boolean first = true;
        for (Map.Entry<String, String> member : members.entrySet()) {
            if (!first) {
                json.append(',');
            }
            first = false;
            string(json, member.getKey()).append(':');
            string(json, member.getValue());
        }
        return json.append('}').toString();
    }

    public static StringBuilder string(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"');
    }
}
