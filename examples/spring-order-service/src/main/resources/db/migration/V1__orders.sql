-- The service's own table, migrated by Boot's Flyway (history in public.flyway_schema_history). The outbox table is
-- Waybill's: the starter migrates it in the waybill schema, with its own history table.
CREATE TABLE orders (
    id               uuid PRIMARY KEY,
    customer_email   text        NOT NULL,
    sku              text        NOT NULL,
    quantity         integer     NOT NULL,
    unit_price_cents bigint      NOT NULL,
    currency         text        NOT NULL,
    created_at       timestamptz NOT NULL
);

CREATE INDEX orders_customer_email ON orders (customer_email);
