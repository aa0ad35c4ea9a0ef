package dev.waybill.spring.boot.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.Testkit;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.support.TestPropertySourceUtils;

/** The customizer on a bare context: the database's life, and which properties win. */
class WaybillTestkitContextCustomizerIT {

    @Test
    void theContextsDatabaseIsDroppedWhenTheContextCloses() throws SQLException {
        GenericApplicationContext context = new GenericApplicationContext();
        ConfigurableEnvironment environment = context.getEnvironment();
        // What @SpringBootTest(properties = "spring.datasource.username=app") leaves in the environment.
        environment
                .getPropertySources()
                .addFirst(new MapPropertySource(
                        TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME,
                        Map.of("spring.datasource.username", "app")));
        environment
                .getPropertySources()
                .addLast(new MapPropertySource("application.yaml", Map.of("spring.datasource.url", "jdbc:h2:mem:x")));

        new WaybillTestkitContextCustomizer(false).customizeContext(context, null);
        context.refresh();
        TestDatabase database = context.getBean(WaybillTestkitContextCustomizer.DATABASE_BEAN, TestDatabase.class);

        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo(database.jdbcUrl());
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("app");
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isNull();
        assertThat(context.containsBean(WaybillTestkitContextCustomizer.KAFKA_BEAN))
                .isFalse();
        assertThat(exists(database.name())).isTrue();

        context.close();

        assertThat(exists(database.name())).isFalse();
    }

    private static boolean exists(String database) throws SQLException {
        var server = Testkit.postgres();
        try (Connection connection =
                        DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(), server.password());
                PreparedStatement statement =
                        connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            statement.setString(1, database);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }
}
