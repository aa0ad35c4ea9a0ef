package dev.waybill.outbox;

/**
 * An event could not be written to the outbox. The caller's transaction is in an unknown state for the outbox and
 * should be rolled back.
 */
public final class OutboxWriteException extends WaybillException {

    public OutboxWriteException(String message) {
        super(message);
    }

    public OutboxWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
