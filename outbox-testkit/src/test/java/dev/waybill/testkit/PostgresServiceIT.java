package dev.waybill.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

@WaybillTest
class PostgresServiceIT {

    @Test
    void serverRunsPostgres17WithLogicalReplication(TestPostgres postgres, TestDatabase database) throws SQLException {
        assertThat(postgres.majorVersion()).isEqualTo(17);
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            assertThat(single(statement, "SHOW wal_level")).isEqualTo("logical");
            statement.execute("CREATE TABLE t (id int PRIMARY KEY)");
            statement.execute("CREATE PUBLICATION p FOR TABLE t");
            statement.execute("SELECT pg_create_logical_replication_slot('testkit_slot', 'pgoutput')");
            assertThat(single(statement, "SELECT plugin FROM pg_replication_slots WHERE slot_name = 'testkit_slot'"))
                    .isEqualTo("pgoutput");
        }
    }

    @Test
    void sameTestClassSharesOneDatabase(TestDatabase first, TestDatabase second) {
        assertThat(first).isSameAs(second);
    }

    @Test
    void databasesAreIsolatedAndClosingDropsThemWithTheirSlots(TestPostgres postgres) throws SQLException {
        TestDatabase one = postgres.createDatabase("isolation");
        TestDatabase two = postgres.createDatabase("isolation");
        assertThat(one.name()).isNotEqualTo(two.name());
        try (Connection connection = one.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE only_in_one (id int)");
            statement.execute("SELECT pg_create_logical_replication_slot('" + one.name() + "', 'pgoutput')");
        }
        try (Connection connection = two.connect();
                Statement statement = connection.createStatement()) {
            assertThat(single(statement, "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_one'"))
                    .isEqualTo("0");
        }

        one.close();
        two.close();

        try (Connection connection = postgres.createDatabase("check").connect();
                Statement statement = connection.createStatement()) {
            assertThat(single(
                            statement,
                            "SELECT count(*) FROM pg_database WHERE datname IN ('" + one.name() + "', '" + two.name()
                                    + "')"))
                    .isEqualTo("0");
            assertThat(single(
                            statement,
                            "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + one.name() + "'"))
                    .isEqualTo("0");
        }
        assertThatThrownBy(one::connect).isInstanceOf(SQLException.class).hasMessageContaining(one.name());
    }

    @Test
    void databaseNamesFitPostgresIdentifierLimit(TestPostgres postgres) {
        try (TestDatabase database = postgres.createDatabase("A".repeat(200) + " with spaces & symbols")) {
            assertThat(database.name()).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9_]+");
        }
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
