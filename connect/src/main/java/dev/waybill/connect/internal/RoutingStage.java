package dev.waybill.connect.internal;

import dev.waybill.capture.ChangeEvents;
import dev.waybill.capture.ContractSource;
import dev.waybill.contracts.ContractCatalog;
import dev.waybill.outbox.WaybillException;
import dev.waybill.routing.CapturedEvent;
import dev.waybill.routing.EventRouter;
import dev.waybill.routing.RoutedEvent;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One task's routing: reads each record ({@link ChangeEvents}, shared with the relay), routes it
 * ({@link EventRouter}, the routing core), and turns the {@link RoutedEvent} into the record Connect sends: topic,
 * key, value and headers as bytes, for the {@code ByteArrayConverter}s, so the bytes are the relay's. Contracts reload
 * on a thread of its own.
 */
public final class RoutingStage implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingStage.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final RouterSettings settings;
    private final ChangeEvents reader;
    private final ContractSource contracts;
    private final EventRouter router;
    private final ScheduledExecutorService reloads;
    private final Clock clock = Clock.systemUTC();
    private volatile RouterMetrics metrics = RouterMetrics.NONE;

    private RoutingStage(RouterSettings settings, ContractSource contracts) {
        this.settings = settings;
        this.reader = ChangeEvents.of(settings.outbox());
        this.contracts = contracts;
        this.router = EventRouter.builder()
                .catalog(contracts::current)
                .deadLetterTopic(settings.deadLetterTopic())
                // Without a source setting every event gets /waybill/<database> from its record (below).
                .source(settings.source().orElse("/waybill"))
                .instance(settings.instance())
                .build();
        long interval = settings.reloadInterval().toMillis();
        this.reloads = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "waybill-contracts-reload-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        reloads.scheduleWithFixedDelay(this::reload, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Loads the contracts and starts reloading them.
     *
     * @throws ConnectException when the contracts cannot be loaded: the message names each problem's file, line and
     *     field, and the task fails with it
     */
    public static RoutingStage start(RouterSettings settings) {
        ContractSource contracts = settings.contractsDirectory()
                .map(directory -> ContractSource.directory(directory, settings.acceptDrafts()))
                .orElseGet(() -> ContractSource.registry(
                        registry(settings), settings.outbox().schema(), settings.acceptDrafts()));
        try {
            ContractCatalog catalog = contracts.load();
            LOG.info("Waybill contracts loaded from {}: {}", contracts, catalog);
        } catch (WaybillException e) {
            throw new ConnectException(
                    "Waybill cannot load the contracts from " + contracts + ": " + e.getMessage(), e);
        }
        return new RoutingStage(settings, contracts);
    }

    private static PGSimpleDataSource registry(RouterSettings settings) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(settings.registryUrl());
        if (!settings.registryUser().isBlank()) {
            dataSource.setUser(settings.registryUser());
        }
        if (settings.registryPassword() != null) {
            dataSource.setPassword(settings.registryPassword());
        }
        dataSource.setApplicationName("waybill-connect-contracts");
        return dataSource;
    }

    public void metrics(PluginMetrics pluginMetrics) {
        this.metrics = new RouterMetrics(pluginMetrics);
    }

    public <R extends ConnectRecord<R>> R apply(R record) {
        Optional<CapturedEvent> read = reader.read(record);
        if (read.isEmpty()) {
            return settings.nonOutbox() == RouterSettings.NonOutbox.PASS ? record : null;
        }
        CapturedEvent event = read.get();
        if (event.source() == null && settings.source().isEmpty()) {
            event = withSource(
                    event, "/waybill/" + ChangeEvents.database(record).orElse(""));
        }
        RoutedEvent routed = router.route(event);
        int size = routed.sizeUpperBound();
        if (size > settings.maxRecordBytes()) {
            routed = router.tooLarge(
                    routed,
                    "about " + size + " bytes, over the transform's " + RouterSettings.MAX_RECORD_BYTES + " of "
                            + settings.maxRecordBytes());
        }
        ConnectHeaders headers = new ConnectHeaders();
        for (Header header : routed.headers()) {
            headers.addBytes(header.key(), header.value());
        }
        count(routed);
        return record.newRecord(
                routed.topic(),
                null,
                Schema.OPTIONAL_BYTES_SCHEMA,
                routed.key(),
                Schema.OPTIONAL_BYTES_SCHEMA,
                routed.value(),
                null,
                headers);
    }

    private void count(RoutedEvent routed) {
        CapturedEvent event = routed.event();
        if (routed.deadLettered()) {
            RoutedEvent.Rejection rejection = routed.rejection().orElseThrow();
            metrics.deadLettered(event.contract(), event.schemaVersion(), rejection.reason());
            LOG.debug(
                    "Event {} dead-lettered to {}: {} {}",
                    event.id(),
                    routed.topic(),
                    rejection.reason(),
                    rejection.message());
        } else {
            long latency = event.commitMillis() > 0 ? clock.millis() - event.commitMillis() : -1;
            metrics.published(routed.contract().orElseThrow(), latency);
        }
    }

    private void reload() {
        ContractSource.Reload reload = contracts.reloadIfChanged();
        if (reload instanceof ContractSource.Reload.Reloaded reloaded) {
            metrics.contractReload(true);
            LOG.info("Waybill contracts reloaded: {}", reloaded.catalog());
        } else if (reload instanceof ContractSource.Reload.Failed failed) {
            metrics.contractReload(false);
            if (failed.changed()) {
                LOG.error(
                        "Waybill contracts changed but cannot be loaded; keeping the previous ones: {}",
                        failed.cause().getMessage());
            } else {
                LOG.warn(
                        "Cannot check the Waybill contracts for changes: {}",
                        failed.cause().getMessage());
            }
        }
    }

    /** The catalog in force. */
    public ContractCatalog catalog() {
        return contracts.current();
    }

    @Override
    public void close() {
        reloads.shutdownNow();
        metrics.close();
    }

    /** The plugin's version, from its jar's manifest. */
    public static String version() {
        String version = RoutingStage.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }

    private static CapturedEvent withSource(CapturedEvent event, String source) {
        return new CapturedEvent(
                event.id(),
                event.contract(),
                event.schemaVersion(),
                event.aggregateType(),
                event.aggregateId(),
                event.eventType(),
                event.payload(),
                event.headers(),
                event.occurredAt(),
                source,
                event.lsn(),
                event.txId(),
                event.commitMillis());
    }
}
