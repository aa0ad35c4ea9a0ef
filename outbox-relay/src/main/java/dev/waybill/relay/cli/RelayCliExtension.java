package dev.waybill.relay.cli;

import dev.waybill.cli.CliExtension;

/** Puts {@code waybill relay} on the command line wherever the relay is on the classpath. */
public final class RelayCliExtension implements CliExtension {

    @Override
    public Object command() {
        return new RelayCommand();
    }
}
