package dev.waybill.contracts;

import dev.waybill.outbox.WaybillException;

/** A contract, a contract directory or the contract registry could not be used. */
public class ContractException extends WaybillException {

    public ContractException(String message) {
        super(message);
    }

    public ContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
