package dev.waybill.relay.cli;

import dev.waybill.cli.CliExtension;

/**
 * Puts {@code waybill migrate} on the command line. It lives here, not in the CLI module, because it needs Flyway,
 * which the relay's distribution carries anyway.
 */
public final class MigrateCliExtension implements CliExtension {

    @Override
    public Object command() {
        return new MigrateCommand();
    }
}
