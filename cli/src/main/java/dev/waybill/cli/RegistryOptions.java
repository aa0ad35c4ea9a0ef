package dev.waybill.cli;

import dev.waybill.contracts.ContractException;
import dev.waybill.contracts.ContractRegistry;
import java.nio.file.Path;
import org.postgresql.ds.PGSimpleDataSource;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where the contract registry is. The password is never an option (it would show in the process list and shell
 * history): it comes from {@code WAYBILL_REGISTRY_PASSWORD} or a file.
 */
public final class RegistryOptions {

    @Option(
            names = "--registry",
            paramLabel = "<jdbc-url>",
            description =
                    "JDBC URL of the PostgreSQL database holding the registry, " + "e.g. jdbc:postgresql://db:5432/app")
    String url;

    @Option(
            names = "--registry-user",
            paramLabel = "<user>",
            defaultValue = "${env:WAYBILL_REGISTRY_USER}",
            description = "Database user (default: $WAYBILL_REGISTRY_USER, or the user in the URL).")
    String user;

    @Option(
            names = "--registry-password-file",
            paramLabel = "<file>",
            description = "File holding the password (default: $WAYBILL_REGISTRY_PASSWORD).")
    Path passwordFile;

    @Option(
            names = "--registry-schema",
            paramLabel = "<schema>",
            defaultValue = "waybill",
            description = "Schema the Waybill migrations ran in (default: ${DEFAULT-VALUE}).")
    String schema;

    public boolean present() {
        return url != null;
    }

    /** The registry, for commands that cannot work without one. */
    ContractRegistry required(CommandSpec spec) {
        if (!present()) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--registry=<jdbc-url>'");
        }
        return registry();
    }

    public ContractRegistry registry() {
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new ContractException("--registry '" + url + "' is not a PostgreSQL JDBC URL: expected "
                    + "jdbc:postgresql://host:port/database");
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(url);
        if (user != null && !user.isBlank()) {
            dataSource.setUser(user);
        }
        Passwords.read("--registry-password-file", passwordFile, "WAYBILL_REGISTRY_PASSWORD")
                .ifPresent(dataSource::setPassword);
        dataSource.setApplicationName("waybill-cli");
        dataSource.setConnectTimeout(10);
        return new ContractRegistry(dataSource, schema);
    }
}
