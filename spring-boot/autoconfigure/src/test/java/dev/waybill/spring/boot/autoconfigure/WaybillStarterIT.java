package dev.waybill.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.waybill.jpa.OutboxContractException;
import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriteException;
import dev.waybill.relay.Relay;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelaySettings;
import dev.waybill.spring.boot.TransactionalOutbox;
import dev.waybill.spring.boot.autoconfigure.app.Parcel;
import dev.waybill.spring.boot.autoconfigure.app.ParcelApplication;
import dev.waybill.testkit.TestDatabase;
import dev.waybill.testkit.Testkit;
import dev.waybill.testkit.WaybillTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The starter in an application context on a real PostgreSQL: the migrations run at start-up, events commit and
 * roll back with the JDBC or JPA transaction they were written in, entities write theirs through the same writer
 * (and so the same meters), enforce mode stops a bad event at flush, and the health contributor reads the outbox.
 */
@WaybillTest
class WaybillStarterIT {

    private final TestDatabase database;

    WaybillStarterIT(TestDatabase database) {
        this.database = database;
    }

    private ApplicationContextRunner application(String... properties) {
        return jdbcApplication(properties)
                .withConfiguration(AutoConfigurations.of(HibernateJpaAutoConfiguration.class))
                .withPropertyValues("spring.jpa.hibernate.ddl-auto=update");
    }

    /** An application without JPA: Boot's DataSourceTransactionManager and JdbcTemplate. */
    private ApplicationContextRunner jdbcApplication(String... properties) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class,
                        TransactionAutoConfiguration.class,
                        WaybillMetricsAutoConfiguration.class,
                        WaybillAutoConfiguration.class,
                        WaybillJpaAutoConfiguration.class,
                        WaybillMigrationsAutoConfiguration.class,
                        WaybillHealthAutoConfiguration.class))
                .withUserConfiguration(ParcelApplication.class)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues(
                        "spring.datasource.url=" + database.jdbcUrl(),
                        "spring.datasource.username=" + database.username(),
                        "spring.datasource.password=" + database.password())
                .withPropertyValues(properties);
    }

    @BeforeEach
    @AfterEach
    void emptyOutbox() throws SQLException {
        execute("DO $$ BEGIN IF to_regclass('waybill.outbox') IS NOT NULL THEN TRUNCATE waybill.outbox; END IF; "
                + "END $$");
    }

    @Test
    void theMigrationsRunAtStartUpWithTheirOwnHistoryTable() {
        application().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(query("SELECT count(*) FROM waybill.waybill_schema_history WHERE success"))
                    .isGreaterThanOrEqualTo(4);
            assertThat(query("SELECT count(*) FROM pg_tables WHERE tablename = 'flyway_schema_history'"))
                    .as("the application's own Flyway history is not touched")
                    .isZero();
        });
    }

    @Test
    void anEventWrittenInAJdbcTransactionCommitsAndRollsBackWithIt() {
        application().run(context -> {
            TransactionalOutbox outbox = context.getBean(TransactionalOutbox.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);

            transaction.executeWithoutResult(status -> outbox.write(event("P-1", "Lyon")));
            transaction.executeWithoutResult(status -> {
                outbox.writeAll(List.of(event("P-2", "Oslo"), event("P-3", "Rome")));
                status.setRollbackOnly();
            });

            assertThat(aggregates()).containsExactly("P-1");
        });
    }

    @Test
    void withoutJpaTheEventJoinsTheJdbcTemplatesTransaction() {
        // No Hibernate in the application: Boot's DataSourceTransactionManager runs @Transactional and JdbcTemplate.
        jdbcApplication().run(context -> {
            assertThat(context.getBean(PlatformTransactionManager.class))
                    .isInstanceOf(DataSourceTransactionManager.class);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            TransactionalOutbox outbox = context.getBean(TransactionalOutbox.class);
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            jdbc.execute("CREATE TABLE IF NOT EXISTS public.shipment (id text PRIMARY KEY)");

            transaction.executeWithoutResult(status -> {
                jdbc.update("INSERT INTO public.shipment VALUES ('P-40')");
                outbox.write(event("P-40", "Graz"));
            });
            transaction.executeWithoutResult(status -> {
                jdbc.update("INSERT INTO public.shipment VALUES ('P-41')");
                outbox.write(event("P-41", "Linz"));
                status.setRollbackOnly();
            });

            assertThat(aggregates()).containsExactly("P-40");
            assertThat(jdbc.queryForList("SELECT id FROM public.shipment", String.class))
                    .containsExactly("P-40");
        });
    }

    @Test
    void outsideATransactionTheOutboxRefusesToWrite() {
        application()
                .run(context -> assertThatThrownBy(
                                () -> context.getBean(TransactionalOutbox.class).write(event("P-9", "Kyiv")))
                        .isInstanceOf(OutboxWriteException.class)
                        .hasMessageContaining("outside a Spring transaction")
                        .hasMessageContaining("@Transactional"));
    }

    @Test
    void entitiesAndTheOutboxShareTheJpaTransactionAndItsMeters() {
        application().run(context -> {
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            TransactionalOutbox outbox = context.getBean(TransactionalOutbox.class);
            var entityManager = sharedEntityManager(context);

            transaction.executeWithoutResult(status -> {
                entityManager.persist(new Parcel("P-10", "Lima"));
                outbox.write(event("P-11", "Quito"));
            });
            transaction.executeWithoutResult(status -> {
                entityManager.persist(new Parcel("P-12", "Cusco"));
                outbox.write(event("P-13", "Tacna"));
                entityManager.flush();
                status.setRollbackOnly();
            });

            assertThat(aggregates()).containsExactlyInAnyOrder("P-10", "P-11");
            assertThat(query("SELECT count(*) FROM public.parcel")).isEqualTo(1);
            MeterRegistry meters = context.getBean(MeterRegistry.class);
            assertThat(meters.get(WriteMeters.EVENTS)
                            .tag("contract", "parcels.parcel-shipped")
                            .tag("mode", "table")
                            .counter()
                            .count())
                    .as("written, including the two whose transaction rolled back")
                    .isEqualTo(4);
            assertThat(meters.get(WriteMeters.WRITE)
                            .tag("mode", "table")
                            .timer()
                            .count())
                    .isEqualTo(4);
        });
    }

    @Test
    void enforceModeStopsAnEntityWhoseEventBreaksItsContract() throws Exception {
        Path contracts = Path.of(getClass().getResource("/contracts").toURI());
        application("waybill.outbox.validation=enforce", "waybill.outbox.contracts=" + contracts)
                .run(context -> {
                    TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
                    var entityManager = sharedEntityManager(context);

                    assertThatThrownBy(() -> transaction.executeWithoutResult(
                                    status -> entityManager.persist(new Parcel("P-20", null))))
                            .hasRootCauseInstanceOf(OutboxContractException.class)
                            .rootCause()
                            .hasMessageContaining("parcels.parcel-shipped")
                            .hasMessageContaining("destination");
                    assertThat(aggregates()).isEmpty();
                });
    }

    @Test
    void healthReportsTheOutboxTableAndTheMissingSlot() {
        application().run(context -> {
            Health health = context.getBean("waybillHealthIndicator", HealthIndicator.class)
                    .health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                    .containsEntry("table", "waybill.outbox")
                    .containsEntry("mode", "table")
                    .containsEntry("slot", "waybill_waybill (missing: no relay has run against this database yet)");
        });
        application("waybill.outbox.write-mode=message").run(context -> {
            Health health = context.getBean("waybillHealthIndicator", HealthIndicator.class)
                    .health(true);
            assertThat(health.getStatus())
                    .as("message mode refuses writes without a slot")
                    .isEqualTo(Status.DOWN);
        });
    }

    @Test
    void healthIsDownWhenTheOutboxTableIsMissing() {
        application("waybill.outbox.schema=elsewhere", "waybill.migrations.enabled=false")
                .run(context -> {
                    Health health = context.getBean("waybillHealthIndicator", HealthIndicator.class)
                            .health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(String.valueOf(health.getDetails().get("error")))
                            .contains("the outbox table elsewhere.outbox does not exist");
                });
    }

    @Test
    void healthTellsHowFarASidecarRelayHasAcknowledged() throws Exception {
        Path contracts = Path.of(getClass().getResource("/contracts").toURI());
        application("waybill.relay.name=health").run(context -> {
            TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
            TransactionalOutbox outbox = context.getBean(TransactionalOutbox.class);
            RelayConfig config = RelayConfig.builder()
                    .set(RelaySettings.RELAY_NAME, "health")
                    .database(database.jdbcUrl(), database.username(), database.password())
                    .kafka(Testkit.kafka().bootstrapServers())
                    .set(RelaySettings.CONTRACTS_DIRECTORY, contracts)
                    .set(RelaySettings.HTTP_PORT, 0)
                    .set(RelaySettings.HTTP_HOST, "127.0.0.1")
                    .set(RelaySettings.CAPTURE_OFFSET_FLUSH_INTERVAL, Duration.ofMillis(200))
                    .build();
            try (Relay relay = Relay.start(config)) {
                await().atMost(Duration.ofSeconds(60)).until(relay::ready);
                transaction.executeWithoutResult(status -> outbox.write(event("P-30", "Bern")));
                HealthIndicator health = context.getBean("waybillHealthIndicator", HealthIndicator.class);
                await().atMost(Duration.ofSeconds(60))
                        .untilAsserted(() -> assertThat(health.health(true).getDetails())
                                .containsEntry("slot", "waybill_health")
                                .containsEntry("slotActive", true)
                                .containsKey("acknowledgedUpTo")
                                .containsEntry("oldestUnacknowledgedAge", "none"));
                assertThat(health.health(true).getStatus()).isEqualTo(Status.UP);
                relay.close();
                transaction.executeWithoutResult(status -> outbox.write(event("P-31", "Chur")));
                Map<String, Object> stopped = health.health(true).getDetails();
                assertThat(stopped).containsEntry("slotActive", false);
                assertThat(Duration.parse(String.valueOf(stopped.get("oldestUnacknowledgedAge"))))
                        .as("the event written while no relay runs")
                        .isPositive();
            } finally {
                execute("SELECT pg_drop_replication_slot('waybill_health')");
            }
        });
    }

    private static jakarta.persistence.EntityManager sharedEntityManager(ApplicationContext context) {
        return org.springframework.orm.jpa.SharedEntityManagerCreator.createSharedEntityManager(
                context.getBean(EntityManagerFactory.class));
    }

    private static OutboxEvent event(String parcel, String destination) {
        return OutboxEvent.builder()
                .contract("parcels.parcel-shipped")
                .schemaVersion("1.0.0")
                .aggregate("parcel", parcel)
                .payload("{\"parcelId\":\"" + parcel + "\",\"destination\":\"" + destination + "\"}")
                .build();
    }

    private List<String> aggregates() throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT aggregate_id FROM waybill.outbox ORDER BY seq")) {
            List<String> ids = new java.util.ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }
    }

    private long query(String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
