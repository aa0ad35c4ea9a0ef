package dev.waybill.relay.cli;

/**
 * Adds a subcommand to {@code waybill}, found with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/dev.waybill.relay.cli.CliExtension} entry). This is how {@code waybill dev} joins the
 * command line without the relay depending on dev mode's embedded databases and example service.
 */
public interface CliExtension {

    /** A picocli {@code @Command} object. */
    Object command();
}
