package dev.waybill.dlq;

import dev.waybill.cli.CliExtension;

/** Puts {@code waybill dlq} on the command line wherever this module is on the classpath. */
public final class DlqCliExtension implements CliExtension {

    @Override
    public Object command() {
        return new DlqCommand();
    }
}
