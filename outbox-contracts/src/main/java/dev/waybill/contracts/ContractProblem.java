package dev.waybill.contracts;

import java.util.Objects;

/**
 * Something wrong with a contract file, found by linting.
 *
 * @param source the file (or registry entry) the problem is in
 * @param line the 1-based line, or 0 when the problem has no single line (a missing field, a whole file)
 * @param field where in the document, for example {@code schema[0].physicalName}
 * @param message what is wrong and what is expected
 */
public record ContractProblem(String source, int line, String field, String message) {

    public ContractProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    /** {@code file:line: field: message}, the form editors and CI logs link to. */
    @Override
    public String toString() {
        return source + (line > 0 ? ":" + line : "") + ": " + field + ": " + message;
    }
}
