package dev.waybill.collector;

import dev.waybill.outbox.WaybillException;

/** A setting that is missing or wrong: the message names the key, where the value came from and what is expected. */
public final class CollectorConfigException extends WaybillException {

    private static final long serialVersionUID = 1L;

    public CollectorConfigException(String message) {
        super(message);
    }
}
