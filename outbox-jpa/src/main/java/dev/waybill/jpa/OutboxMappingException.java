package dev.waybill.jpa;

import dev.waybill.outbox.WaybillException;

/** A mapper failed, or its payload could not be serialized; the message names the entity and the mapper. */
public final class OutboxMappingException extends WaybillException {

    public OutboxMappingException(String message, Throwable cause) {
        super(message, cause);
    }

    public OutboxMappingException(String message) {
        super(message);
    }
}
