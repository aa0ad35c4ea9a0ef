-- Order and age that do not depend on the id a caller gives.
--
-- seq: the order in which rows were inserted, assigned by the database. The initial snapshot and the backfill
-- publish a backlog in this order, so each aggregate's backlog keeps the order its events were written in, also
-- when an event's id was generated before another event of the same aggregate was committed. It has no index:
-- only those two rare full reads sort by it, and the write path stays one index (the primary key).
ALTER TABLE "${flyway:defaultSchema}".outbox
    ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY;

-- Retention finds expired rows through the primary key, reading each row's write time from its UUIDv7 id. An id of
-- another version carries no time (a v4 id is random bits), so it is refused. NOT VALID: rows already in the table
-- are left alone (retention removes them in time); every new row is checked.
ALTER TABLE "${flyway:defaultSchema}".outbox
    ADD CONSTRAINT outbox_id_is_uuidv7 CHECK (substr(id::text, 15, 1) = '7') NOT VALID;

COMMENT ON COLUMN "${flyway:defaultSchema}".outbox.seq IS
    'Insert order, assigned by the database: the order a backlog is published in.';
