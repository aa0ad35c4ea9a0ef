package dev.waybill.relay.internal;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.ContractDirectory;
import dev.waybill.contracts.ContractException;
import dev.waybill.contracts.ContractRegistry;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelayException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract catalog the relay validates against, reloaded when its source changes, without a restart. A reload
 * that fails (a broken file, the registry unreachable) keeps the catalog in force and is logged and counted.
 */
final class ContractSource {

    private static final Logger LOG = LoggerFactory.getLogger(ContractSource.class);

    private final RelayConfig.Contracts config;
    private final DataSource database;
    private final String schema;
    private final String registryTable;
    private final RelayMetrics metrics;
    private final AtomicReference<ContractCatalog> catalog = new AtomicReference<>();
    private volatile String fingerprint;

    ContractSource(RelayConfig config, DataSource database, RelayMetrics metrics) {
        this.config = config.contracts();
        this.database = database;
        this.schema = config.database().outbox().schema();
        this.registryTable = new dev.waybill.outbox.OutboxTable(schema, "contract_registry").qualifiedName();
        this.metrics = metrics;
    }

    /** Loads the catalog for the first time; problems here stop the start-up. */
    ContractCatalog load() {
        fingerprint = fingerprint();
        ContractCatalog loaded = read();
        catalog.set(loaded);
        return loaded;
    }

    ContractCatalog current() {
        return catalog.get();
    }

    /** Reloads if the source changed since the last load. */
    void reloadIfChanged() {
        String now;
        try {
            now = fingerprint();
        } catch (RuntimeException e) {
            LOG.warn("Cannot check the contracts for changes: {}", e.getMessage());
            metrics.contractReload(false);
            return;
        }
        if (now.equals(fingerprint)) {
            return;
        }
        try {
            ContractCatalog loaded = read();
            catalog.set(loaded);
            fingerprint = now;
            metrics.contractReload(true);
            LOG.info("Contracts reloaded: {}", loaded);
        } catch (RuntimeException e) {
            // Keep the fingerprint old, so the next round tries again.
            metrics.contractReload(false);
            LOG.error("Contracts changed but cannot be loaded; keeping the previous ones: {}", e.getMessage());
        }
    }

    private ContractCatalog read() {
        ContractCatalog loaded = config.directory().isPresent()
                ? ContractDirectory.at(config.directory().get()).load()
                : new ContractRegistry(database, schema).catalog();
        return config.acceptDrafts() ? loaded.acceptingDrafts() : loaded;
    }

    private String fingerprint() {
        if (config.directory().isPresent()) {
            return directoryFingerprint(config.directory().get());
        }
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(
                        "SELECT count(*) || '/' || coalesce(max(updated_at)::text, '') FROM " + registryTable)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new RelayException("cannot read " + registryTable + ": " + e.getMessage(), e);
        }
    }

    private static String directoryFingerprint(Path directory) {
        try {
            return ContractDirectory.at(directory).fingerprint();
        } catch (ContractException e) {
            throw new RelayException(e.getMessage(), e);
        }
    }
}
