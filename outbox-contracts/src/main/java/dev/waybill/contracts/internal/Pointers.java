package dev.waybill.contracts.internal;

/** RFC 6901 JSON pointers, and the dotted form people read in messages ({@code schema[0].physicalName}). */
final class Pointers {

    private Pointers() {}

    public static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    public static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }

    /** {@code /schema/0/physicalName} becomes {@code schema[0].physicalName}; the root becomes {@code (document)}. */
    public static String toField(String pointer) {
        if (pointer.isEmpty() || pointer.equals("/")) {
            return "(document)";
        }
        StringBuilder field = new StringBuilder();
        for (String token : pointer.substring(1).split("/", -1)) {
            if (!token.isEmpty() && token.chars().allMatch(Character::isDigit)) {
                field.append('[').append(token).append(']');
            } else {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(unescape(token));
            }
        }
        return field.toString();
    }
}
