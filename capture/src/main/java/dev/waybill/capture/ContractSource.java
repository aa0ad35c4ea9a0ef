package dev.waybill.capture;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.ContractDirectory;
import dev.waybill.contracts.ContractException;
import dev.waybill.contracts.ContractRegistry;
import dev.waybill.outbox.OutboxTable;
import dev.waybill.outbox.WaybillException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * The contract catalog a deployment validates against, from a contract directory or from the registry table, and
 * reloaded when its source changes, without a restart. A reload that fails (a broken file, the registry unreachable)
 * keeps the catalog in force; {@link #reloadIfChanged()} says what happened, and the caller logs and counts it.
 * Thread-safe: {@link #current()} may be read while another thread reloads.
 *
 * <pre>{@code
 * ContractSource contracts = ContractSource.directory(Path.of("/contracts"), false);
 * contracts.load();                                   // throws: the first load must succeed
 * EventRouter router = EventRouter.builder().catalog(contracts::current)...build();
 * scheduler.scheduleWithFixedDelay(contracts::reloadIfChanged, 10, 10, SECONDS);
 * }</pre>
 */
public final class ContractSource {

    /** What {@link #reloadIfChanged()} did. */
    public sealed interface Reload {
        /** The source has not changed since the last load. */
        record Unchanged() implements Reload {}

        /** The source changed and its contracts are now in force. */
        record Reloaded(ContractCatalog catalog) implements Reload {}

        /**
         * The source could not be read or its contracts not loaded; the previous catalog stays in force.
         *
         * @param changed {@code true} when the source changed but its contracts cannot be loaded, {@code false}
         *     when the source could not even be checked for changes
         */
        record Failed(boolean changed, RuntimeException cause) implements Reload {}
    }

    private final Path directory;
    private final DataSource database;
    private final String registryTable;
    private final String registrySchema;
    private final boolean acceptDrafts;
    private final AtomicReference<ContractCatalog> catalog = new AtomicReference<>();
    private volatile String fingerprint;

    private ContractSource(Path directory, DataSource database, String schema, boolean acceptDrafts) {
        this.directory = directory;
        this.database = database;
        this.registrySchema = schema;
        this.registryTable = schema == null ? null : new OutboxTable(schema, "contract_registry").qualifiedName();
        this.acceptDrafts = acceptDrafts;
    }

    /** Contracts from a contract directory ({@code <contract>/<version>.odcs.yaml}). */
    public static ContractSource directory(Path directory, boolean acceptDrafts) {
        return new ContractSource(Objects.requireNonNull(directory, "directory"), null, null, acceptDrafts);
    }

    /** Contracts from the registry table in {@code schema} ({@code waybill migrate} made it). */
    public static ContractSource registry(DataSource database, String schema, boolean acceptDrafts) {
        return new ContractSource(
                null, Objects.requireNonNull(database, "database"), Objects.requireNonNull(schema), acceptDrafts);
    }

    /**
     * Loads the catalog for the first time.
     *
     * @throws WaybillException when the source cannot be read or its contracts not loaded (the message names the
     *     file, line and field of every problem)
     */
    public ContractCatalog load() {
        fingerprint = fingerprint();
        ContractCatalog loaded = read();
        catalog.set(loaded);
        return loaded;
    }

    /** The catalog in force; {@code null} before {@link #load()}. */
    public ContractCatalog current() {
        return catalog.get();
    }

    /** Reloads if the source changed since the last load; never throws. */
    public Reload reloadIfChanged() {
        String now;
        try {
            now = fingerprint();
        } catch (RuntimeException e) {
            return new Reload.Failed(false, e);
        }
        if (now.equals(fingerprint)) {
            return new Reload.Unchanged();
        }
        try {
            ContractCatalog loaded = read();
            catalog.set(loaded);
            fingerprint = now;
            return new Reload.Reloaded(loaded);
        } catch (RuntimeException e) {
            // The fingerprint stays old, so the next round tries again.
            return new Reload.Failed(true, e);
        }
    }

    @Override
    public String toString() {
        return directory != null ? "contract directory " + directory : "contract registry " + registryTable;
    }

    private ContractCatalog read() {
        ContractCatalog loaded = directory != null
                ? ContractDirectory.at(directory).load()
                : new ContractRegistry(database, registrySchema).catalog();
        return acceptDrafts ? loaded.acceptingDrafts() : loaded;
    }

    private String fingerprint() {
        if (directory != null) {
            return directoryFingerprint(directory);
        }
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM " + registryTable)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new WaybillException("cannot read " + registryTable + ": " + e.getMessage(), e);
        }
    }

    private static String directoryFingerprint(Path directory) {
        try {
            return ContractDirectory.at(directory).fingerprint();
        } catch (ContractException e) {
            throw new WaybillException(e.getMessage(), e);
        }
    }
}
