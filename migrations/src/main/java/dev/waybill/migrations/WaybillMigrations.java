package dev.waybill.migrations;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Applies Waybill's Flyway migrations from Java. The same SQL runs from the Flyway CLI or Maven plugin with the
 * settings in {@code docs/migrations.md}; this class only fixes those settings in one place.
 *
 * <pre>{@code
 * WaybillMigrations.builder(dataSource).schema("waybill").relayRole("waybill_relay").build().migrate();
 * }</pre>
 */
public final class WaybillMigrations {

    /** Where the outbox schema migrations live on the classpath. */
    public static final String SCHEMA_LOCATION = "classpath:db/waybill";
    /** Where the optional least-privilege role migration lives on the classpath. */
    public static final String RELAY_ROLE_LOCATION = "classpath:db/waybill-relay-role";

    public static final String DEFAULT_SCHEMA = "waybill";
    public static final String DEFAULT_HISTORY_TABLE = "waybill_schema_history";
    public static final String DEFAULT_RELAY_ROLE = "waybill_relay";

    // Lower-case, unquoted-safe identifiers: the SQL quotes them, and an unquoted reference in a user's own query
    // must name the same object. 63 bytes is PostgreSQL's limit; the publication name adds "_outbox".
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,55}");

    private final DataSource dataSource;
    private final String schema;
    private final String historyTable;
    private final Optional<String> relayRole;

    private WaybillMigrations(Builder builder) {
        this.dataSource = Objects.requireNonNull(builder.dataSource, "dataSource");
        this.schema = identifier("schema", builder.schema);
        this.historyTable = identifier("historyTable", builder.historyTable);
        this.relayRole = builder.relayRole.map(role -> identifier("relayRole", role));
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The schema that holds the outbox table. */
    public String schema() {
        return schema;
    }

    /** The publication the relay streams: {@code <schema>_outbox}. */
    public String publication() {
        return schema + "_outbox";
    }

    /** Flyway's history table for these migrations, in {@link #schema()}. */
    public String historyTable() {
        return historyTable;
    }

    public Optional<String> relayRole() {
        return relayRole;
    }

    /**
     * Brings the database up to date; a no-op when it already is.
     *
     * @return the number of migrations applied by this call
     */
    public int migrate() {
        return flyway().migrate().migrationsExecuted;
    }

    /** The configured Flyway instance, for {@code info()}, {@code validate()} or a dry run. */
    public Flyway flyway() {
        List<String> locations = new ArrayList<>(List.of(SCHEMA_LOCATION));
        relayRole.ifPresent(role -> locations.add(RELAY_ROLE_LOCATION));
        FluentConfiguration configuration = Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .table(historyTable)
                .locations(locations.toArray(String[]::new))
                .placeholders(Map.of("relay_role", relayRole.orElse(DEFAULT_RELAY_ROLE)))
                .failOnMissingLocations(true);
        return configuration.load();
    }

    private static String identifier(String field, String value) {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value + "' is not allowed: use 1-56 characters "
                    + "of a-z, 0-9 and _, not starting with a digit");
        }
        return value;
    }

    /** Settings for {@link WaybillMigrations}; every one has a default. */
    public static final class Builder {
        private final DataSource dataSource;
        private String schema = DEFAULT_SCHEMA;
        private String historyTable = DEFAULT_HISTORY_TABLE;
        private Optional<String> relayRole = Optional.empty();

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /** The schema for the outbox table (default {@value WaybillMigrations#DEFAULT_SCHEMA}); Flyway creates it if missing. */
        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        /** Flyway's history table, kept in the Waybill schema (default {@value WaybillMigrations#DEFAULT_HISTORY_TABLE}). */
        public Builder historyTable(String historyTable) {
            this.historyTable = historyTable;
            return this;
        }

        /**
         * Also create (or update) the relay's least-privilege login role. The connecting user must be allowed to
         * create roles.
         */
        public Builder relayRole(String relayRole) {
            this.relayRole = Optional.of(relayRole);
            return this;
        }

        public WaybillMigrations build() {
            return new WaybillMigrations(this);
        }
    }
}
