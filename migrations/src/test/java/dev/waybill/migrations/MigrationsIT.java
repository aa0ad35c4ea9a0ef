package dev.waybill.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.TestPostgres;
import dev.waybill.testkit.WaybillTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

@WaybillTest
class MigrationsIT {

    @Test
    void emptyDatabaseGetsTheDocumentedOutboxTable(TestPostgres postgres) throws SQLException {
        try (TestDatabase database = postgres.createDatabase("migrations_table")) {
            int applied =
                    WaybillMigrations.builder(database.dataSource()).build().migrate();

            assertThat(applied).isEqualTo(4);
            try (Connection connection = database.connect()) {
                assertThat(rows(connection, """
                        SELECT column_name, data_type, is_nullable, coalesce(column_default, '')
                        FROM information_schema.columns
                        WHERE table_schema = 'waybill' AND table_name = 'outbox' ORDER BY ordinal_position"""))
                        .containsExactly(
                                List.of("id", "uuid", "NO", ""),
                                List.of("contract", "text", "NO", ""),
                                List.of("schema_version", "text", "NO", ""),
                                List.of("aggregate_type", "text", "NO", ""),
                                List.of("aggregate_id", "text", "NO", ""),
                                List.of("event_type", "text", "NO", ""),
                                List.of("payload", "jsonb", "NO", ""),
                                List.of("headers", "jsonb", "NO", "'{}'::jsonb"),
                                List.of("occurred_at", "timestamp with time zone", "NO", "clock_timestamp()"),
                                List.of("seq", "bigint", "NO", ""));
                assertThat(rows(connection, """
                        SELECT indexrelid::regclass::text, indisprimary::text FROM pg_index
                        WHERE indrelid = 'waybill.outbox'::regclass""")).containsExactly(List.of("waybill.outbox_pkey", "true"));
            }
        }
    }

    @Test
    void publicationCoversOnlyTheOutboxAndOnlyInserts(TestPostgres postgres) throws SQLException {
        try (TestDatabase database = postgres.createDatabase("migrations_publication");
                Connection connection = database.connect()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE public.orders (id int PRIMARY KEY)");
            }
            WaybillMigrations.builder(database.dataSource()).build().migrate();

            assertThat(rows(
                            connection,
                            "SELECT schemaname, tablename FROM pg_publication_tables "
                                    + "WHERE pubname = 'waybill_outbox'"))
                    .containsExactly(List.of("waybill", "outbox"));
            assertThat(
                            rows(
                                    connection,
                                    "SELECT puballtables::text, pubinsert::text, pubupdate::text, "
                                            + "pubdelete::text, pubtruncate::text FROM pg_publication WHERE pubname = 'waybill_outbox'"))
                    .containsExactly(List.of("false", "true", "false", "false", "false"));
        }
    }

    @Test
    void migratingAgainChangesNothing(TestPostgres postgres) throws SQLException {
        try (TestDatabase database = postgres.createDatabase("migrations_rerun");
                Connection connection = database.connect()) {
            WaybillMigrations migrations =
                    WaybillMigrations.builder(database.dataSource()).build();
            migrations.migrate();
            List<List<String>> historyBefore = rows(
                    connection,
                    "SELECT version, checksum::text, success::text FROM waybill.waybill_schema_history ORDER BY 1");

            assertThat(migrations.migrate()).isZero();
            assertThat(
                            rows(
                                    connection,
                                    "SELECT version, checksum::text, success::text FROM waybill.waybill_schema_history ORDER BY 1"))
                    .isEqualTo(historyBefore);
            assertThat(migrations.flyway().validateWithResult().validationSuccessful)
                    .isTrue();
        }
    }

    @Test
    void nonDefaultSchemaHoldsTableHistoryAndItsOwnPublication(TestPostgres postgres) throws SQLException {
        try (TestDatabase database = postgres.createDatabase("migrations_schema");
                Connection connection = database.connect()) {
            WaybillMigrations migrations = WaybillMigrations.builder(database.dataSource())
                    .schema("billing_events")
                    .build();
            migrations.migrate();

            assertThat(migrations.publication()).isEqualTo("billing_events_outbox");
            assertThat(rows(
                            connection,
                            "SELECT table_schema, table_name FROM information_schema.tables "
                                    + "WHERE table_schema IN ('waybill', 'billing_events') ORDER BY 2"))
                    .containsExactly(
                            List.of("billing_events", "contract_registry"),
                            List.of("billing_events", "outbox"),
                            List.of("billing_events", "relay_offsets"),
                            List.of("billing_events", "waybill_schema_history"));
            assertThat(rows(
                            connection,
                            "SELECT schemaname, tablename FROM pg_publication_tables "
                                    + "WHERE pubname = 'billing_events_outbox'"))
                    .containsExactly(List.of("billing_events", "outbox"));
        }
    }

    @Test
    void documentedFlywayCliSettingsApplyTheSameMigrations(TestPostgres postgres) throws SQLException {
        // The keys are those docs/migrations.md gives for flyway.conf / the Flyway CLI.
        try (TestDatabase database = postgres.createDatabase("migrations_cli")) {
            Flyway flyway = Flyway.configure()
                    .configuration(Map.of(
                            "flyway.url", database.jdbcUrl(),
                            "flyway.user", database.username(),
                            "flyway.password", database.password(),
                            "flyway.schemas", "waybill",
                            "flyway.table", "waybill_schema_history",
                            "flyway.locations", "classpath:db/waybill,classpath:db/waybill-relay-role",
                            "flyway.placeholders.relay_role", uniqueRole()))
                    .load();

            assertThat(flyway.migrate().migrationsExecuted).isEqualTo(5);
            try (Connection connection = database.connect()) {
                assertThat(rows(connection, "SELECT count(*) FROM pg_publication WHERE pubname = 'waybill_outbox'"))
                        .containsExactly(List.of("1"));
            }
        }
    }

    @Test
    void relayRoleCanReplicateAndReadTheOutboxButNothingElse(TestPostgres postgres) throws SQLException {
        String role = uniqueRole();
        try (TestDatabase database = postgres.createDatabase("migrations_role");
                Connection admin = database.connect()) {
            try (Statement statement = admin.createStatement()) {
                statement.execute("CREATE TABLE public.customers (id int PRIMARY KEY, email text)");
            }
            WaybillMigrations.builder(database.dataSource())
                    .relayRole(role)
                    .build()
                    .migrate();

            assertThat(rows(
                            admin,
                            "SELECT rolcanlogin::text, rolreplication::text, rolsuper::text, "
                                    + "rolcreatedb::text, rolcreaterole::text, rolbypassrls::text FROM pg_roles WHERE rolname = '"
                                    + role + "'"))
                    .containsExactly(List.of("true", "true", "false", "false", "false", "false"));
            assertThat(rows(
                            admin,
                            "SELECT has_table_privilege('" + role + "', 'waybill.outbox', 'SELECT')::text, "
                                    + "has_table_privilege('" + role + "', 'waybill.outbox', 'DELETE')::text, "
                                    + "has_table_privilege('" + role + "', 'waybill.outbox', 'INSERT')::text, "
                                    + "has_table_privilege('" + role + "', 'waybill.outbox', 'UPDATE')::text, "
                                    + "has_table_privilege('" + role + "', 'public.customers', 'SELECT')::text, "
                                    + "has_table_privilege('" + role
                                    + "', 'waybill.contract_registry', 'SELECT')::text, "
                                    + "has_table_privilege('" + role
                                    + "', 'waybill.contract_registry', 'INSERT')::text, "
                                    + "has_table_privilege('" + role + "', 'waybill.relay_offsets', 'INSERT')::text"))
                    .containsExactly(List.of("true", "true", "false", "false", "false", "true", "false", "true"));

            try (Statement statement = admin.createStatement()) {
                statement.execute("ALTER ROLE " + role + " PASSWORD 'relay-secret'");
            }
            try (Connection relay = DriverManager.getConnection(database.jdbcUrl(), role, "relay-secret");
                    Statement statement = relay.createStatement()) {
                assertThat(rows(relay, "SELECT count(*) FROM waybill.outbox")).containsExactly(List.of("0"));
                assertThatThrownBy(() -> statement.executeQuery("SELECT * FROM public.customers"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("permission denied");
                assertThatThrownBy(() -> statement.execute("INSERT INTO waybill.outbox (id, contract, "
                                + "schema_version, aggregate_type, aggregate_id, event_type, payload) VALUES "
                                + "(gen_random_uuid(), 'c', '1.0.0', 't', '1', 'e', '{}')"))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("permission denied");
            }
        } finally {
            dropRole(postgres, role);
        }
    }

    @Test
    void reapplyingTheRoleMigrationResetsPrivilegesSomeoneWidened(TestPostgres postgres) throws SQLException {
        String role = uniqueRole();
        try (TestDatabase database = postgres.createDatabase("migrations_role_again");
                Connection admin = database.connect()) {
            WaybillMigrations.builder(database.dataSource())
                    .relayRole(role)
                    .build()
                    .migrate();
            try (Statement statement = admin.createStatement()) {
                statement.execute("ALTER ROLE " + role + " CREATEDB");
            }
            // A repeatable migration re-runs when its placeholders change: simulate with a fresh history.
            try (Statement statement = admin.createStatement()) {
                statement.execute("DELETE FROM waybill.waybill_schema_history WHERE version IS NULL");
            }
            WaybillMigrations.builder(database.dataSource())
                    .relayRole(role)
                    .build()
                    .migrate();

            assertThat(rows(admin, "SELECT rolcreatedb::text FROM pg_roles WHERE rolname = '" + role + "'"))
                    .containsExactly(List.of("false"));
        } finally {
            dropRole(postgres, role);
        }
    }

    @Test
    void outboxRefusesIdsThatAreNotUuidV7AndNumbersRowsInInsertOrder(TestPostgres postgres) throws SQLException {
        try (TestDatabase database = postgres.createDatabase("migrations_ids");
                Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            WaybillMigrations.builder(database.dataSource()).build().migrate();
            String insert = "INSERT INTO waybill.outbox (id, contract, schema_version, aggregate_type, aggregate_id, "
                    + "event_type, payload) VALUES ('%s', 'c', '1.0.0', 'a', '1', 'e', '{}')";

            assertThatThrownBy(() -> statement.execute(insert.formatted("3f2b8c1e-9d4a-4e6b-a1c2-7d8e9f0a1b2c")))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("outbox_id_is_uuidv7");
            // Inserted in the opposite order of their ids: seq follows the inserts, not the ids.
            statement.execute(insert.formatted("0193a1b2-0000-7000-8000-000000000002"));
            statement.execute(insert.formatted("0193a1b2-0000-7000-8000-000000000001"));
            assertThat(rows(connection, "SELECT id FROM waybill.outbox ORDER BY seq"))
                    .containsExactly(
                            List.of("0193a1b2-0000-7000-8000-000000000002"),
                            List.of("0193a1b2-0000-7000-8000-000000000001"));
        }
    }

    @Test
    void registeredContractContentCannotBeChangedOrDeletedButItsStatusCan(TestPostgres postgres) throws SQLException {
        try (TestDatabase database = postgres.createDatabase("migrations_registry");
                Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            WaybillMigrations.builder(database.dataSource()).build().migrate();
            statement.execute("INSERT INTO waybill.contract_registry (contract_id, version, status, topic, document, "
                    + "payload_schema, digest) VALUES ('orders.order-placed', '1.0.0', 'active', 'orders.v1', "
                    + "'status: active', '{}', '" + "a".repeat(64) + "')");

            statement.execute("UPDATE waybill.contract_registry SET status = 'deprecated', "
                    + "document = 'status: deprecated', updated_at = now()");
            assertThatThrownBy(() -> statement.execute(
                            "UPDATE waybill.contract_registry SET payload_schema = " + "'{\"type\":\"object\"}'"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("content is immutable");
            assertThatThrownBy(() ->
                            statement.execute("UPDATE waybill.contract_registry SET digest = '" + "b".repeat(64) + "'"))
                    .hasMessageContaining("content is immutable");
            assertThatThrownBy(() -> statement.execute("DELETE FROM waybill.contract_registry"))
                    .hasMessageContaining("cannot be deleted; retire it instead");
            assertThatThrownBy(() -> statement.execute("UPDATE waybill.contract_registry SET status = 'live'"))
                    .hasMessageContaining("contract_registry_status_known");
            assertThat(rows(connection, "SELECT status FROM waybill.contract_registry"))
                    .containsExactly(List.of("deprecated"));
        }
    }

    private static String uniqueRole() {
        return "relay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private static void dropRole(TestPostgres postgres, String role) throws SQLException {
        // Roles are cluster-wide; the databases holding their grants are dropped by now.
        try (TestDatabase scratch = postgres.createDatabase("drop_role");
                Connection connection = scratch.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS " + role);
        }
    }

    private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rs = statement.executeQuery()) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
