/**
 * Waybill's Flyway migrations: the outbox table, its publication, the contract registry, the relay's offsets and the
 * optional least-privilege relay role. Entry point:
 * {@link dev.waybill.migrations.WaybillMigrations#builder(javax.sql.DataSource)}.
 */
package dev.waybill.migrations;
