-- Waybill outbox. Objects go into Flyway's default schema (waybill unless configured), which Flyway creates.
-- The row format is a contract with consumers and the relay: change it only with a new migration.

CREATE TABLE "${flyway:defaultSchema}".outbox (
    -- UUIDv7: the event id consumers deduplicate on, and time-ordered, so the primary key also serves
    -- retention ("delete what was written before T") without a second index on the write path.
    id             uuid        NOT NULL,
    contract       text        NOT NULL,
    schema_version text        NOT NULL,
    aggregate_type text        NOT NULL,
    aggregate_id   text        NOT NULL,
    event_type     text        NOT NULL,
    payload        jsonb       NOT NULL,
    headers        jsonb       NOT NULL DEFAULT '{}'::jsonb,
    occurred_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT outbox_pkey PRIMARY KEY (id),
    CONSTRAINT outbox_contract_not_blank CHECK (btrim(contract) <> ''),
    CONSTRAINT outbox_aggregate_id_not_blank CHECK (btrim(aggregate_id) <> ''),
    CONSTRAINT outbox_payload_is_object CHECK (jsonb_typeof(payload) = 'object'),
    CONSTRAINT outbox_headers_is_object CHECK (jsonb_typeof(headers) = 'object')
)
-- Rows are short-lived (removed after capture or by retention): vacuum early so dead tuples do not pile up.
WITH (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000);

COMMENT ON TABLE "${flyway:defaultSchema}".outbox IS
    'Waybill transactional outbox: one row per analytical event, written in the business transaction.';

-- The relay streams this publication only. Inserts are the events; deletes done by retention are not
-- published, so cleaning up costs no decoding work in the relay.
CREATE PUBLICATION "${flyway:defaultSchema}_outbox"
    FOR TABLE "${flyway:defaultSchema}".outbox
    WITH (publish = 'insert');
