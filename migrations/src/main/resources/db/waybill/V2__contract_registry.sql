-- The contract registry: every pushed contract version, immutable once registered. The relay reads it;
-- `waybill contracts push` writes it. See docs/contracts.md.

CREATE TABLE "${flyway:defaultSchema}".contract_registry (
    contract_id    text        NOT NULL,
    version        text        NOT NULL,
    status         text        NOT NULL,
    topic          text        NOT NULL,
    document       text        NOT NULL,  -- the ODCS YAML as pushed (the latest status is in it)
    payload_schema text        NOT NULL,  -- the JSON Schema text as pushed
    digest         text        NOT NULL,  -- sha-256 of the canonical content, status excluded
    pushed_at      timestamptz NOT NULL DEFAULT now(),
    pushed_by      text        NOT NULL DEFAULT current_user,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT contract_registry_pkey PRIMARY KEY (contract_id, version),
    CONSTRAINT contract_registry_status_known
        CHECK (status IN ('proposed', 'draft', 'active', 'deprecated', 'retired')),
    CONSTRAINT contract_registry_digest_is_sha256 CHECK (digest ~ '^[0-9a-f]{64}$')
);

COMMENT ON TABLE "${flyway:defaultSchema}".contract_registry IS
    'Waybill data contracts: one row per contract version; content is immutable, only the status moves on.';

-- Versions are immutable even for someone bypassing the CLI: only status, document (which carries the status)
-- and updated_at may change, and a version is never deleted.
CREATE FUNCTION "${flyway:defaultSchema}".contract_registry_immutable() RETURNS trigger
LANGUAGE plpgsql AS $waybill$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'contract % version % is registered and cannot be deleted; retire it instead',
            OLD.contract_id, OLD.version USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.contract_id <> OLD.contract_id OR NEW.version <> OLD.version OR NEW.digest <> OLD.digest
            OR NEW.payload_schema <> OLD.payload_schema OR NEW.topic <> OLD.topic
            OR NEW.pushed_at <> OLD.pushed_at OR NEW.pushed_by <> OLD.pushed_by THEN
        RAISE EXCEPTION 'contract % version % is registered and its content is immutable; publish a new version',
            OLD.contract_id, OLD.version USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END
$waybill$;

CREATE TRIGGER contract_registry_immutable
    BEFORE UPDATE OR DELETE ON "${flyway:defaultSchema}".contract_registry
    FOR EACH ROW EXECUTE FUNCTION "${flyway:defaultSchema}".contract_registry_immutable();
