package dev.waybill.collector.cli;

import dev.waybill.cli.CliExtension;

/** Puts {@code waybill validate} on the command line wherever the collector is on the classpath. */
public final class ValidateCliExtension implements CliExtension {

    @Override
    public Object command() {
        return new ValidateCommand();
    }
}
