package dev.waybill.outbox.internal;

import java.util.Optional;

/**
 * Checks that a text is one JSON object (RFC 8259) that PostgreSQL's {@code jsonb} will also accept, without
 * building it: this module stays free of a JSON library. jsonb additionally refuses {@code \u0000} and unpaired
 * surrogate escapes, so those are reported here, before the database sees them.
 */
public final class JsonObjectSyntax {

    /** Deeper documents are almost always mistakes or attacks; PostgreSQL itself stops near this depth. */
    public static final int MAX_DEPTH = 1000;

    private final String text;
    private int pos;
    private int depth;

    private JsonObjectSyntax(String text) {
        this.text = text;
    }

    /** An empty result when {@code text} is a JSON object; otherwise what is wrong and where. */
    public static Optional<String> problem(String text) {
        if (text == null) {
            return Optional.of("is missing");
        }
        JsonObjectSyntax parser = new JsonObjectSyntax(text);
        try {
            parser.skipWhitespace();
            if (parser.peek() != '{') {
                return Optional.of("must be a JSON object (starting with '{'), found " + parser.describeCurrent()
                        + " at offset " + parser.pos);
            }
            parser.value();
            parser.skipWhitespace();
            if (parser.pos != text.length()) {
                throw parser.error("unexpected " + parser.describeCurrent() + " after the object");
            }
            return Optional.empty();
        } catch (SyntaxError e) {
            return Optional.of("is not valid JSON: " + e.getMessage());
        }
    }

    private void value() {
        skipWhitespace();
        char c = peek();
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    number();
                } else {
                    throw error("expected a value, found " + describeCurrent());
                }
            }
        }
    }

    private void object() {
        enter();
        pos++;
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name in double quotes, found " + describeCurrent());
            }
            string();
            skipWhitespace();
            expect(':');
            value();
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}', found " + describeCurrent());
            }
        }
    }

    private void array() {
        enter();
        pos++;
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return;
        }
        while (true) {
            value();
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']', found " + describeCurrent());
            }
        }
    }

    private void string() {
        int start = pos;
        pos++;
        while (true) {
            if (pos >= text.length()) {
                pos = start;
                throw error("string is not closed");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                pos--;
                throw error("control character U+" + hex(c) + " must be escaped in a string");
            }
            if (c == '\\') {
                escape();
            }
        }
    }

    private void escape() {
        char c = pos < text.length() ? text.charAt(pos++) : 0;
        switch (c) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {}
            case 'u' -> {
                int unit = unicodeEscape();
                if (unit == 0) {
                    throw error("\\u0000 is not allowed (PostgreSQL jsonb cannot store it)");
                }
                if (Character.isHighSurrogate((char) unit)) {
                    if (!text.startsWith("\\u", pos)) {
                        throw error("high surrogate \\u" + hex(unit) + " is not followed by a low surrogate");
                    }
                    pos += 2;
                    int low = unicodeEscape();
                    if (!Character.isLowSurrogate((char) low)) {
                        throw error("high surrogate \\u" + hex(unit) + " is followed by \\u" + hex(low));
                    }
                } else if (Character.isLowSurrogate((char) unit)) {
                    throw error("low surrogate \\u" + hex(unit) + " without a high surrogate before it");
                }
            }
            default -> {
                pos--;
                throw error("invalid escape '\\" + (c == 0 ? "" : String.valueOf(c)) + "'");
            }
        }
    }

    private int unicodeEscape() {
        if (pos + 4 > text.length()) {
            throw error("\\u must be followed by four hex digits");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) {
                throw error("\\u must be followed by four hex digits");
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return value;
    }

    private void number() {
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (!digits()) {
            throw error("expected a digit, found " + describeCurrent());
        }
        if (peek() == '.') {
            pos++;
            if (!digits()) {
                throw error("expected a digit after '.', found " + describeCurrent());
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!digits()) {
                throw error("expected a digit in the exponent, found " + describeCurrent());
            }
        }
    }

    private boolean digits() {
        int start = pos;
        while (peek() >= '0' && peek() <= '9') {
            pos++;
        }
        return pos > start;
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) {
            throw error("expected a value, found " + describeCurrent());
        }
        pos += word.length();
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "', found " + describeCurrent());
        }
        pos++;
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    // Describes the character only, never the surrounding text: payloads may hold personal data.
    private String describeCurrent() {
        if (pos >= text.length()) {
            return "end of input";
        }
        char c = text.charAt(pos);
        return c < 0x20 || c > 0x7e ? "U+" + hex(c) : "'" + c + "'";
    }

    private SyntaxError error(String message) {
        return new SyntaxError(message + " at offset " + pos);
    }

    private static String hex(int c) {
        return String.format("%04X", c);
    }

    private static final class SyntaxError extends RuntimeException {
        SyntaxError(String message) {
            super(message, null, false, false);
        }
    }
}
