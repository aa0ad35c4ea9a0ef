package dev.waybill.outbox;

import java.util.regex.Pattern;

/**
 * Where the outbox table lives. Names are plain lower-case SQL identifiers, checked here because they end up in SQL
 * text (they cannot be bind parameters).
 */
public record OutboxTable(String schema, String table) {

    // Declared before DEFAULT: static fields initialize in order, and DEFAULT's constructor uses it.
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** {@code waybill.outbox}, as the migrations create it by default. */
    public static final OutboxTable DEFAULT = new OutboxTable("waybill", "outbox");

    public OutboxTable {
        requireIdentifier("schema", schema);
        requireIdentifier("table", table);
    }

    /** The schema-qualified, quoted name for SQL text. */
    public String qualifiedName() {
        return '"' + schema + "\".\"" + table + '"';
    }

    /**
     * The prefix of the logical decoding messages that {@link WriteMode#MESSAGE} writes for this outbox, and that
     * its relay captures: {@code waybill:<schema>.<table>}.
     */
    public String messagePrefix() {
        return "waybill:" + schema + "." + table;
    }

    private static void requireIdentifier(String field, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new WaybillException("outbox " + field + " '" + value + "' is not allowed: use 1-63 characters "
                    + "of a-z, 0-9 and _, not starting with a digit");
        }
    }

    @Override
    public String toString() {
        return schema + "." + table;
    }
}
