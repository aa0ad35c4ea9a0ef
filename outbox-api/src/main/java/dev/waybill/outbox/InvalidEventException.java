package dev.waybill.outbox;

/** An {@link OutboxEvent} was built with a value that breaks a rule; the message names the field and the rule. */
public final class InvalidEventException extends WaybillException {

    private final String field;

    public InvalidEventException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    /** The builder field that holds the bad value, for example {@code schemaVersion}. */
    public String field() {
        return field;
    }
}
