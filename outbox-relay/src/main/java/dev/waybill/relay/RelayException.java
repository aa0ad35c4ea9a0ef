package dev.waybill.relay;

import dev.waybill.outbox.WaybillException;

/** The running relay failed: Kafka refused an event, or the database or a contract source cannot be used. */
public class RelayException extends WaybillException {

    public RelayException(String message) {
        super(message);
    }

    public RelayException(String message, Throwable cause) {
        super(message, cause);
    }
}
