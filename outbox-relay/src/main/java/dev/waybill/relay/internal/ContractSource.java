package dev.waybill.relay.internal;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.ContractException;
import dev.waybill.outbox.WaybillException;
import dev.waybill.relay.RelayConfig;
import dev.waybill.relay.RelayException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's contract catalog: {@link dev.waybill.capture.ContractSource} (shared with the Kafka Connect transform),
 * with each reload logged and counted. A reload that fails keeps the catalog in force.
 */
final class ContractSource {

    private static final Logger LOG = LoggerFactory.getLogger(ContractSource.class);

    private final dev.waybill.capture.ContractSource source;
    private final RelayMetrics metrics;

    ContractSource(RelayConfig config, DataSource database, RelayMetrics metrics) {
        RelayConfig.Contracts contracts = config.contracts();
        this.source = contracts.directory().isPresent()
                ? dev.waybill.capture.ContractSource.directory(
                        contracts.directory().get(), contracts.acceptDrafts())
                : dev.waybill.capture.ContractSource.registry(
                        database, config.database().outbox().schema(), contracts.acceptDrafts());
        this.metrics = metrics;
    }

    /** Loads the catalog for the first time; problems here stop the start-up. */
    ContractCatalog load() {
        try {
            ContractCatalog catalog = source.load();
            metrics.shadowsOf(catalog);
            return catalog;
        } catch (ContractException | RelayException e) {
            throw e;
        } catch (WaybillException e) {
            throw new RelayException(e.getMessage(), e.getCause());
        }
    }

    ContractCatalog current() {
        return source.current();
    }

    /** Reloads if the source changed since the last load. */
    void reloadIfChanged() {
        dev.waybill.capture.ContractSource.Reload reload = source.reloadIfChanged();
        if (reload instanceof dev.waybill.capture.ContractSource.Reload.Reloaded reloaded) {
            metrics.contractReload(true);
            metrics.shadowsOf(reloaded.catalog());
            LOG.info("Contracts reloaded: {}", reloaded.catalog());
        } else if (reload instanceof dev.waybill.capture.ContractSource.Reload.Failed failed) {
            metrics.contractReload(false);
            if (failed.changed()) {
                LOG.error(
                        "Contracts changed but cannot be loaded; keeping the previous ones: {}",
                        failed.cause().getMessage());
            } else {
                LOG.warn(
                        "Cannot check the contracts for changes: {}",
                        failed.cause().getMessage());
            }
        }
    }
}
