package dev.waybill.cli;

import dev.waybill.outbox.WaybillException;

/**
 * A command cannot run as given (an unreadable password file, an unreachable database): {@code waybill} prints the
 * message, which says what to fix, and exits 2.
 */
public final class CliException extends WaybillException {

    public CliException(String message) {
        super(message);
    }

    public CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
