-- Where each relay keeps its position in the WAL (Debezium's source offsets), so the sidecar needs nothing but
-- this database. Written only after Kafka acknowledged every event up to that position.

CREATE TABLE "${flyway:defaultSchema}".relay_offsets (
    relay_name   text        NOT NULL,  -- one row set per relay (per replication slot)
    offset_key   bytea       NOT NULL,
    offset_value bytea,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT relay_offsets_pkey PRIMARY KEY (relay_name, offset_key)
);

COMMENT ON TABLE "${flyway:defaultSchema}".relay_offsets IS
    'Waybill relay positions (Debezium offsets, JSON in bytea) per relay name; do not edit while a relay runs.';
