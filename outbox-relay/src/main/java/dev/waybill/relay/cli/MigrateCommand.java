package dev.waybill.relay.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.waybill.cli.CliException;
import dev.waybill.cli.FormatOption;
import dev.waybill.cli.Passwords;
import dev.waybill.cli.WaybillCli;
import dev.waybill.migrations.WaybillMigrations;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateOutput;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = {
            "Apply the Waybill migrations to a PostgreSQL database: the outbox table and its publication,"
                    + " the contract registry, the relay's offsets. Nothing happens when the database is up to date.",
            "With --relay-role, also create or update the relay's least-privilege login role (the user must be"
                    + " allowed to create roles). The role gets no password: set one out of band.",
            "The password comes from $WAYBILL_DATABASE_PASSWORD or --password-file, never from an option value."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the database is up to date", "2:usage, connection or migration error"})
final class MigrateCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String EXPECTED_URL = "expected jdbc:postgresql://host:port/database";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            required = true,
            paramLabel = "<jdbc-url>",
            description = "JDBC URL of the database, e.g. jdbc:postgresql://db:5432/app")
    String url;

    @Option(
            names = "--user",
            paramLabel = "<user>",
            defaultValue = "${env:WAYBILL_DATABASE_USER}",
            description = "Database user (default: $WAYBILL_DATABASE_USER, or the user in the URL).")
    String user;

    @Option(
            names = "--password-file",
            paramLabel = "<file>",
            description = "File holding the password (default: $WAYBILL_DATABASE_PASSWORD).")
    Path passwordFile;

    @Option(
            names = "--schema",
            paramLabel = "<schema>",
            defaultValue = WaybillMigrations.DEFAULT_SCHEMA,
            description = "Schema for the outbox, created if missing (default: ${DEFAULT-VALUE}).")
    String schema;

    @Option(
            names = "--relay-role",
            paramLabel = "<role>",
            description = "Also create or update this least-privilege login role for the relay, e.g. "
                    + WaybillMigrations.DEFAULT_RELAY_ROLE + ".")
    String relayRole;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        PGSimpleDataSource dataSource = dataSource();
        WaybillMigrations migrations = migrations(dataSource);
        checkConnection(dataSource);
        MigrateResult result;
        try {
            result = migrations.flyway().migrate();
        } catch (FlywayException e) {
            throw new CliException(oneLine(e));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (format.json()) {
            printJson(out, migrations, result);
        } else {
            printText(out, migrations, result);
        }
        out.flush();
        return WaybillCli.OK;
    }

    private PGSimpleDataSource dataSource() {
        // Without the query string: it may hold a password.
        String shown = url.replaceFirst("\\?.*", "");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new CliException("--url '" + shown + "' is not a PostgreSQL JDBC URL: " + EXPECTED_URL);
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        try {
            dataSource.setUrl(url);
        } catch (IllegalArgumentException e) {
            throw new CliException("--url '" + shown + "' cannot be parsed: " + EXPECTED_URL);
        }
        if (user != null && !user.isBlank()) {
            dataSource.setUser(user);
        }
        Passwords.read("--password-file", passwordFile, "WAYBILL_DATABASE_PASSWORD")
                .ifPresent(dataSource::setPassword);
        dataSource.setApplicationName("waybill-migrate");
        dataSource.setConnectTimeout(10);
        return dataSource;
    }

    private WaybillMigrations migrations(PGSimpleDataSource dataSource) {
        WaybillMigrations.Builder builder =
                WaybillMigrations.builder(dataSource).schema(schema);
        if (relayRole != null) {
            builder.relayRole(relayRole);
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            // The builder names its own fields (schema, relayRole); say it in the options' terms.
            throw new CliException("--" + e.getMessage().replace("relayRole", "relay-role"));
        }
    }

    /** Connects once before Flyway does: the driver's own message is one line, Flyway's wraps it in several. */
    private static void checkConnection(PGSimpleDataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            connection.isValid(5);
        } catch (SQLException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new CliException("Cannot connect to the database: " + firstLine(e.getMessage())
                    + (root == e ? "" : " (" + firstLine(root.toString()) + ")")
                    + "; check --url, --user and the password");
        }
    }

    /** Flyway's failure as one line: what failed and, for a failed statement, what PostgreSQL said. */
    private static String oneLine(FlywayException e) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        String message = "Migration failed: " + firstLine(e.getMessage());
        return cause == null ? message : message + ": " + postgresSaid((SQLException) cause);
    }

    /** The server's message with its detail and hint (which often say what to fix), without the context lines. */
    private static String postgresSaid(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        if (server == null || server.getMessage() == null) {
            return firstLine(e.getMessage());
        }
        return server.getMessage()
                + (server.getDetail() == null ? "" : " (" + server.getDetail() + ")")
                + (server.getHint() == null ? "" : " Hint: " + server.getHint());
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.strip().lines().findFirst().orElse("").strip();
    }

    private static void printText(PrintWriter out, WaybillMigrations migrations, MigrateResult result) {
        for (MigrateOutput applied : result.migrations) {
            out.println("applied "
                    + (applied.version == null || applied.version.isEmpty() ? "repeatable" : "V" + applied.version)
                    + " " + applied.description);
        }
        StringBuilder summary = new StringBuilder("migrate: schema ")
                .append(migrations.schema())
                .append(" at version ")
                .append(result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion)
                .append(", publication ")
                .append(migrations.publication());
        migrations.relayRole().ifPresent(role -> summary.append(", relay role ").append(role));
        summary.append("; ")
                .append(
                        result.migrationsExecuted == 0
                                ? "up to date, nothing applied"
                                : result.migrationsExecuted + " migration" + (result.migrationsExecuted == 1 ? "" : "s")
                                        + " applied");
        out.println(summary);
    }

    private static void printJson(PrintWriter out, WaybillMigrations migrations, MigrateResult result) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", "migrate");
        report.put("ok", true);
        report.put("schema", migrations.schema());
        report.put("publication", migrations.publication());
        report.put("relayRole", migrations.relayRole().orElse(null));
        report.put("initialVersion", result.initialSchemaVersion);
        report.put(
                "version",
                result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion);
        List<Map<String, Object>> applied = result.migrations.stream()
                .map(migration -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put(
                            "version",
                            migration.version == null || migration.version.isEmpty() ? null : migration.version);
                    entry.put("description", migration.description);
                    entry.put("script", migration.filepath);
                    return entry;
                })
                .toList();
        report.put("applied", applied);
        try {
            out.println(JSON.writeValueAsString(report));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
