package dev.waybill.dev;

import dev.waybill.cli.CliExtension;

/** Puts {@code waybill dev} on the command line when dev mode is on the classpath. */
public final class DevCliExtension implements CliExtension {

    @Override
    public Object command() {
        return new DevCommand();
    }
}
