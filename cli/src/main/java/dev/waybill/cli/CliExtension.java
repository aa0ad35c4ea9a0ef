package dev.waybill.cli;

/**
 * Adds a subcommand to {@code waybill}, found with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/dev.waybill.cli.CliExtension} entry). This is how {@code waybill relay},
 * {@code waybill migrate} and {@code waybill dev} join the command line while this module, which lints contracts in
 * CI, carries none of Debezium, Kafka or Flyway.
 */
public interface CliExtension {

    /** A picocli {@code @Command} object. */
    Object command();
}
