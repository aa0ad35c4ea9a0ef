-- Optional: the relay's least-privilege login role. Needs a user allowed to create roles (superuser, or
-- CREATEROLE with REPLICATION). Repeatable: re-applied whenever this file or its placeholders change.
-- No password is set here, on purpose: set it out of band (psql: \password ${relay_role}) or use
-- certificate authentication.

DO $waybill$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = '${relay_role}') THEN
        CREATE ROLE "${relay_role}" LOGIN REPLICATION
            NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    ELSE
        ALTER ROLE "${relay_role}" LOGIN REPLICATION
            NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS;
    END IF;
END
$waybill$;

GRANT USAGE ON SCHEMA "${flyway:defaultSchema}" TO "${relay_role}";
-- SELECT: Debezium reads the table's metadata; DELETE: retention removes captured rows.
GRANT SELECT, DELETE ON "${flyway:defaultSchema}".outbox TO "${relay_role}";
-- The relay reads contracts from the registry; it never writes them.
GRANT SELECT ON "${flyway:defaultSchema}".contract_registry TO "${relay_role}";
-- The relay records its own position.
GRANT SELECT, INSERT, UPDATE, DELETE ON "${flyway:defaultSchema}".relay_offsets TO "${relay_role}";
