package dev.waybill.relay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.cli.WaybillCli;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.WaybillTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code waybill migrate} against a real PostgreSQL, as an operator or a deployment script runs it. */
@WaybillTest
class MigrateCliIT {

    record Run(int exitCode, String out, String err) {}

    static Run waybill(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = WaybillCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void migrateAppliesEveryMigrationOnceAndSaysSo(TestDatabase database, @TempDir Path dir) throws Exception {
        // Trust authentication ignores the password; the file is read all the same, as in production.
        Path passwordFile = Files.writeString(dir.resolve("password"), database.password() + "\n");
        String[] command = {
            "migrate",
            "--url",
            database.jdbcUrl(),
            "--user",
            database.username(),
            "--password-file",
            passwordFile.toString()
        };

        Run first = waybill(command);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).isEqualTo("""
                applied V1 outbox
                applied V2 contract registry
                applied V3 relay offsets
                applied V4 outbox write order
                migrate: schema waybill at version 4, publication waybill_outbox; 4 migrations applied
                """);
        assertThat(rows(database, "SELECT count(*)::text FROM waybill.outbox")).containsExactly("0");

        Run second = waybill(command);

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out())
                .isEqualTo(
                        "migrate: schema waybill at version 4, publication waybill_outbox; up to date, nothing applied\n");
    }

    @Test
    void relayRoleInAnotherSchemaIsCreatedAndReportedAsJson(TestDatabase database) throws Exception {
        String role = "relay_" + UUID.randomUUID().toString().substring(0, 8);

        Run run = waybill(
                "migrate",
                "--url",
                database.jdbcUrl() + "?user=" + database.username(),
                "--schema",
                "shop_events",
                "--relay-role",
                role,
                "--format",
                "json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertThat(report.path("ok").asBoolean()).isTrue();
        assertThat(report.path("schema").asText()).isEqualTo("shop_events");
        assertThat(report.path("publication").asText()).isEqualTo("shop_events_outbox");
        assertThat(report.path("relayRole").asText()).isEqualTo(role);
        assertThat(report.path("version").asText()).isEqualTo("4");
        assertThat(report.path("applied").findValuesAsText("description"))
                .containsExactly(
                        "outbox", "contract registry", "relay offsets", "outbox write order", "waybill relay role");
        assertThat(report.path("applied").get(4).path("version").isNull())
                .as("a repeatable one has no version")
                .isTrue();
        assertThat(rows(
                        database,
                        "SELECT rolcanlogin::text || ' ' || rolreplication::text || ' ' || "
                                + "has_table_privilege('" + role + "', 'shop_events.outbox', 'SELECT')::text || ' ' || "
                                + "has_table_privilege('" + role + "', 'shop_events.outbox', 'INSERT')::text "
                                + "FROM pg_roles WHERE rolname = '" + role + "'"))
                .containsExactly("true true true false");
    }

    @Test
    void unreachableDatabaseIsOneLineAndExitTwo() {
        Run run = waybill("migrate", "--url", "jdbc:postgresql://127.0.0.1:1/app");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .startsWith("waybill: Cannot connect to the database: Connection to 127.0.0.1:1 refused")
                .endsWith("check --url, --user and the password\n")
                .hasLineCount(1);
    }

    @Test
    void urlThatIsNotPostgresIsRefusedWithoutShowingItsQuery() {
        Run run = waybill("migrate", "--url", "jdbc:mysql://db/app?password=secret");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("waybill: --url 'jdbc:mysql://db/app' is not a PostgreSQL JDBC URL: "
                        + "expected jdbc:postgresql://host:port/database\n");
    }

    @Test
    void schemaThatIsNotAPlainIdentifierIsRefusedBeforeConnecting() {
        Run run = waybill("migrate", "--url", "jdbc:postgresql://127.0.0.1:1/app", "--schema", "Shop-Events");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo("waybill: --schema 'Shop-Events' is not allowed: use 1-56 characters of "
                        + "a-z, 0-9 and _, not starting with a digit\n");
    }

    @Test
    void missingUrlIsAUsageError() {
        Run run = waybill("migrate");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing required option: '--url=<jdbc-url>'");
    }

    @Test
    void schemaHoldingSomethingElseIsRefusedInOneLine(TestDatabase database) throws SQLException {
        execute(database, "CREATE SCHEMA taken; CREATE TABLE taken.outbox (id int)");

        Run run = waybill("migrate", "--url", database.jdbcUrl() + "?user=" + database.username(), "--schema", "taken");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("waybill: Migration failed: Found non-empty schema(s) \"taken\"")
                .hasLineCount(1);
    }

    @Test
    void relayRoleWithoutThePrivilegeToCreateRolesIsOneLineWithWhatPostgresSaid(TestDatabase database)
            throws SQLException {
        String user = "deployer_" + UUID.randomUUID().toString().substring(0, 8);
        execute(
                database,
                "CREATE ROLE " + user + " LOGIN; GRANT CREATE ON DATABASE \"" + database.name() + "\" TO " + user);

        Run run = waybill(
                "migrate",
                "--url",
                database.jdbcUrl(),
                "--user",
                user,
                "--schema",
                "deployed",
                "--relay-role",
                user + "_relay");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("waybill: Migration failed: Failed to execute script "
                        + "R__waybill_relay_role.sql: permission denied to create role (Only roles with the CREATEROLE")
                .hasLineCount(1);
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> rows(TestDatabase database, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }
}
