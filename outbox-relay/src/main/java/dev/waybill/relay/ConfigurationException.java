package dev.waybill.relay;

import dev.waybill.outbox.WaybillException;

/** The relay's configuration is wrong or incomplete; the message names the key and what is expected. */
public final class ConfigurationException extends WaybillException {

    public ConfigurationException(String message) {
        super(message);
    }

    public ConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
