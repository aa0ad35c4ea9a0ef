package dev.waybill.spring.boot.autoconfigure;

import dev.waybill.outbox.WriteMode;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The application's Waybill settings under {@code waybill.*}, with Boot's relaxed binding ({@code
 * WAYBILL_OUTBOX_WRITE_MODE} sets {@code waybill.outbox.write-mode}). The relay's settings, under {@code
 * waybill.relay.*}, are the sidecar's and are documented with it.
 */
@ConfigurationProperties("waybill")
public class WaybillProperties {

    private final Outbox outbox = new Outbox();
    private final Migrations migrations = new Migrations();

    public Outbox getOutbox() {
        return outbox;
    }

    public Migrations getMigrations() {
        return migrations;
    }

    /** Validation of events while they are written. */
    public enum Validation {
        /** Leave validation to the relay, which dead-letters what breaks its contract. */
        OFF,
        /** Check each event against its contract during the flush and fail the transaction when it breaks it. */
        ENFORCE
    }

    /** How the application writes events. */
    public static class Outbox {

        /**
         * Whether the application writes events: the outbox writer, the transactional outbox and the
         * @Outboxed entities. With false, entities write nothing.
         */
        private boolean enabled = true;

        /** The schema of the outbox table (the migrations create it). */
        private String schema = "waybill";

        /** The name of the outbox table. */
        private String table = "outbox";

        /**
         * How events are recorded: table (a row in the outbox table) or message (a transactional logical decoding
         * message, cheaper to write, nothing kept in the table; needs the relay's slot to exist first).
         */
        private WriteMode writeMode = WriteMode.TABLE;

        /**
         * Whether @Outboxed entities' events are checked against their contract during the flush: off
         * (the relay validates anyway) or enforce (needs waybill.outbox.contracts).
         */
        private Validation validation = Validation.OFF;

        /**
         * The contract directory that enforce validates against: a file system path, relative to the working
         * directory (contracts inside the application's jar cannot be read as a directory).
         */
        private String contracts;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getSchema() {
            return schema;
        }

        public void setSchema(String schema) {
            this.schema = schema;
        }

        public String getTable() {
            return table;
        }

        public void setTable(String table) {
            this.table = table;
        }

        public WriteMode getWriteMode() {
            return writeMode;
        }

        public void setWriteMode(WriteMode writeMode) {
            this.writeMode = writeMode;
        }

        public Validation getValidation() {
            return validation;
        }

        public void setValidation(Validation validation) {
            this.validation = validation;
        }

        public String getContracts() {
            return contracts;
        }

        public void setContracts(String contracts) {
            this.contracts = contracts;
        }
    }

    /** The Waybill migrations, run by Flyway at start-up apart from the application's own. */
    public static class Migrations {

        /**
         * Whether the application applies the Waybill migrations at start-up. Set false where DBAs apply them
         * (the same SQL runs from the Flyway CLI or the waybill migrate command).
         */
        private boolean enabled = true;

        /** Flyway's history table for the Waybill migrations, in the outbox schema. */
        private String historyTable = "waybill_schema_history";

        /**
         * A least-privilege role for the relay to create (with REPLICATION), for example waybill_relay; unset
         * creates none.
         */
        private String relayRole;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getHistoryTable() {
            return historyTable;
        }

        public void setHistoryTable(String historyTable) {
            this.historyTable = historyTable;
        }

        public String getRelayRole() {
            return relayRole;
        }

        public void setRelayRole(String relayRole) {
            this.relayRole = relayRole;
        }
    }
}
