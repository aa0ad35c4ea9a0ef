package dev.waybill.jpa;

/**
 * Configuration keys, set as Hibernate / Jakarta Persistence properties ({@code persistence.xml},
 * {@code hibernate.properties}, Spring's {@code spring.jpa.properties.*}, Quarkus' unsupported properties). Each
 * can also come from an environment variable, the key in upper case with {@code .} and {@code -} as {@code _}
 * ({@code WAYBILL_OUTBOX_WRITE_MODE} for {@code waybill.outbox.write-mode}), which wins.
 */
public final class OutboxSettings {

    /** {@code true} (default) or {@code false}: whether annotated entities write events at all. */
    public static final String ENABLED = "waybill.outbox.enabled";
    /** The outbox table's schema; default {@code waybill}. */
    public static final String SCHEMA = "waybill.outbox.schema";
    /** The outbox table's name; default {@code outbox}. */
    public static final String TABLE = "waybill.outbox.table";
    /**
     * {@code off} (default; the relay validates anyway) or {@code enforce}: check every event against its contract
     * during flush and fail the transaction when it breaks it. Needs {@link #CONTRACTS} and outbox-contracts.
     */
    public static final String VALIDATION = "waybill.outbox.validation";
    /**
     * {@code table} (default: a row in the outbox table) or {@code message} (a transactional logical decoding
     * message, cheaper to write, nothing kept in the table); see {@code dev.waybill.outbox.WriteMode}.
     */
    public static final String WRITE_MODE = "waybill.outbox.write-mode";
    /** The contract directory {@code enforce} validates against. */
    public static final String CONTRACTS = "waybill.outbox.contracts";
    /**
     * An {@code OutboxWriter} instance (not a text) to write with, for frameworks that configure one writer for the
     * whole application (the Spring Boot starter hands over its writer, with its meters). When set, its table and
     * mode are used, and {@link #SCHEMA}, {@link #TABLE} and {@link #WRITE_MODE} are not read.
     */
    public static final String WRITER = "waybill.outbox.writer";

    private OutboxSettings() {}
}
