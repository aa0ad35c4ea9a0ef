package dev.waybill.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonObjectSyntaxTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                " {\"a\":1} ",
                "{\"a\":[1,-2.5e10,0,0.0,1E+2,true,false,null,\"x\",{\"b\":[]}]}",
                "{\"esc\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"}",
                "{\"unicode\":\"日本語 😀\"}",
                "\n\t{\r\n\"a\" : { } }\n"
            })
    void acceptsJsonObjects(String json) {
        assertThat(JsonObjectSyntax.problem(json)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "{                      | is not valid JSON: expected a member name in double quotes, found end of input at offset 1",
                "{\"a\":1,}             | is not valid JSON: expected a member name in double quotes, found '}' at offset 7",
                "{\"a\" 1}              | is not valid JSON: expected ':', found '1' at offset 5",
                "{\"a\":01}             | is not valid JSON: expected ',' or '}', found '1' at offset 6",
                "{\"a\":1.}             | is not valid JSON: expected a digit after '.', found '}' at offset 7",
                "{\"a\":tru}            | is not valid JSON: expected a value, found 't' at offset 5",
                "{\"a\":\"x}            | is not valid JSON: string is not closed at offset 5",
                "{\"a\":1}{}            | is not valid JSON: unexpected '{' after the object at offset 7",
                "{\"a\":[1 2]}          | is not valid JSON: expected ',' or ']', found '2' at offset 8",
                "{\"a\":\"\\x\"}        | is not valid JSON: invalid escape '\\x' at offset 7",
                "{\"a\":\"\\u12\"}      | is not valid JSON: \\u must be followed by four hex digits at offset 8",
                "{\"a\":\"\\u0000\"}    | is not valid JSON: \\u0000 is not allowed (PostgreSQL jsonb cannot store it) at offset 12",
                "{\"a\":\"\\ud800\"}    | is not valid JSON: high surrogate \\uD800 is not followed by a low surrogate at offset 12",
                "{\"a\":\"\\udc00\"}    | is not valid JSON: low surrogate \\uDC00 without a high surrogate before it at offset 12",
                "[1]                    | must be a JSON object (starting with '{'), found '[' at offset 0",
                "x{}                    | must be a JSON object (starting with '{'), found 'x' at offset 0",
            })
    void reportsWhatAndWhere(String json, String expected) {
        assertThat(JsonObjectSyntax.problem(json)).contains(expected);
    }

    @Test
    void rawControlCharacterInAStringIsRejected() {
        assertThat(JsonObjectSyntax.problem("{\"a\":\"line\nbreak\"}"))
                .contains("is not valid JSON: control character U+000A must be escaped in a string at offset 10");
    }

    @Test
    void nestingBeyondTheLimitIsRejectedWithoutOverflowingTheStack() {
        String deep = "{\"a\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThat(JsonObjectSyntax.problem(deep))
                .hasValueSatisfying(problem -> assertThat(problem).contains("nested deeper than 1000 levels"));
        String fine = "{\"a\":" + "[".repeat(998) + "]".repeat(998) + "}";
        assertThat(JsonObjectSyntax.problem(fine)).isEmpty();
    }

    @Test
    void missingTextIsReported() {
        assertThat(JsonObjectSyntax.problem(null)).contains("is missing");
    }
}
