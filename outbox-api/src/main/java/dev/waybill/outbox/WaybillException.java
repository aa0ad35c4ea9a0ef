package dev.waybill.outbox;

/** The root of every exception Waybill throws. Unchecked: callers decide where to handle failures. */
public class WaybillException extends RuntimeException {

    public WaybillException(String message) {
        super(message);
    }

    public WaybillException(String message, Throwable cause) {
        super(message, cause);
    }
}
