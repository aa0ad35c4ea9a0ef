package dev.waybill.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.testkit.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** A test slice keeps the testkit's database rather than putting an embedded one in its place. */
@JdbcTest
@AutoConfigureWaybillTestkit(kafka = false)
class JdbcTestSliceIT {

    @SpringBootConfiguration
    static class App {}

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TestDatabase database;

    @Test
    void theSliceUsesTheTestkitsPostgres() {
        assertThat(jdbc.queryForObject("SELECT current_database()", String.class))
                .isEqualTo(database.name());
        assertThat(jdbc.queryForObject("SHOW wal_level", String.class)).isEqualTo("logical");
    }
}
