package dev.waybill.outbox.internal;

import java.util.OptionalInt;

/**
 * Reads a caller's SQL the way the PostgreSQL JDBC driver splits it: how many {@code ?} placeholders it has, and
 * whether it is one statement. The writer appends its own statement after the caller's, so it must know where its
 * parameter goes. Strings ({@code '...'}, {@code E'...'}, {@code $tag$...$tag$}), quoted identifiers and comments
 * hold no placeholders; {@code ??} is the driver's escape for a literal {@code ?} operator.
 *
 * <p>Should this count ever differ from the driver's, the statement fails instead of binding wrongly: the driver
 * refuses a parameter index past its count, and refuses to run with a parameter left unset.
 */
public final class StatementText {

    private final String sql;
    private int pos;

    private StatementText(String sql) {
        this.sql = sql;
    }

    /**
     * The number of placeholders in {@code sql}, or empty when it is not exactly one complete statement (a
     * {@code ;} outside strings and comments, or an unterminated string, identifier or comment).
     */
    public static OptionalInt placeholders(String sql) {
        return new StatementText(sql).count();
    }

    private OptionalInt count() {
        int placeholders = 0;
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            boolean complete = switch (c) {
                case '\'' -> skipString(escapeString());
                case '"' -> skipTo("\"", pos + 1);
                case '-' -> next('-') ? skipTo("\n", pos + 2) || end() : step();
                case '/' -> next('*') ? skipBlockComment() : step();
                case '$' -> skipDollarQuote();
                case ';' -> false;
                case '?' -> {
                    if (next('?')) {
                        pos += 2;
                    } else {
                        placeholders++;
                        pos++;
                    }
                    yield true;
                }
                default -> step();
            };
            if (!complete) {
                return OptionalInt.empty();
            }
        }
        return OptionalInt.of(placeholders);
    }

    /** {@code E'...'} (backslash escapes), not an identifier that happens to end in E. */
    private boolean escapeString() {
        return pos > 0
                && (sql.charAt(pos - 1) == 'E' || sql.charAt(pos - 1) == 'e')
                && (pos == 1 || !isIdentifierPart(sql.charAt(pos - 2)));
    }

    private boolean step() {
        pos++;
        return true;
    }

    private boolean end() {
        pos = sql.length();
        return true;
    }

    private boolean next(char expected) {
        return pos + 1 < sql.length() && sql.charAt(pos + 1) == expected;
    }

    /** Skips past the next {@code terminator} at or after {@code from}; false if there is none. */
    private boolean skipTo(String terminator, int from) {
        int at = sql.indexOf(terminator, from);
        if (at < 0) {
            return false;
        }
        pos = at + terminator.length();
        return true;
    }

    /** A doubled quote ends one string and starts the next, which reads the same. */
    private boolean skipString(boolean backslashEscapes) {
        for (int i = pos + 1; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\') {
                i++;
            } else if (c == '\'') {
                pos = i + 1;
                return true;
            }
        }
        return false;
    }

    private boolean skipBlockComment() {
        int depth = 0;
        for (int i = pos; i + 1 < sql.length(); i++) {
            if (sql.charAt(i) == '/' && sql.charAt(i + 1) == '*') {
                depth++;
                i++;
            } else if (sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') {
                depth--;
                i++;
                if (depth == 0) {
                    pos = i + 1;
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code $tag$...$tag$}; a {@code $} that does not open one ({@code $1}, {@code a$b}) is an ordinary character. */
    private boolean skipDollarQuote() {
        if (pos > 0 && isIdentifierPart(sql.charAt(pos - 1))) {
            return step();
        }
        int end = pos + 1;
        while (end < sql.length() && sql.charAt(end) != '$') {
            char c = sql.charAt(end);
            if (!isIdentifierPart(c) || (end == pos + 1 && Character.isDigit(c))) {
                return step();
            }
            end++;
        }
        if (end >= sql.length()) {
            return step();
        }
        String tag = sql.substring(pos, end + 1);
        return skipTo(tag, end + 1);
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
