package dev.waybill.collector.validate;

import dev.waybill.capture.ContractSource;
import dev.waybill.collector.CollectorConfig;
import dev.waybill.collector.CollectorConfigException;
import dev.waybill.collector.CollectorSetting;
import dev.waybill.collector.CollectorSettings;
import dev.waybill.outbox.WaybillException;
import dev.waybill.routing.EventRouter;
import dev.waybill.routing.RoutedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code waybill validate}: a Kafka Streams application that reads every raw topic ({@code .*\.raw}), routes each
 * event through the routing core the relay uses ({@link EventRouter}), and writes it to its contract's topic, or to a
 * dead-letter topic with the reason, with the relay's headers (and, like the relay, the down-converted copy for the
 * previous major's topic that some events get), {@code processing.guarantee=exactly_once_v2}: an
 * event is in the valid topic once for read_committed consumers, whatever crashes.
 */
public final class Validator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Validator.class);

    private final KafkaStreams streams;
    private final ScheduledExecutorService reloader;
    private final ValidatorEndpoints endpoints;

    private Validator(KafkaStreams streams, ScheduledExecutorService reloader, ValidatorEndpoints endpoints) {
        this.streams = streams;
        this.reloader = reloader;
        this.endpoints = endpoints;
    }

    /**
     * Loads the contracts and starts the stream threads.
     *
     * @throws CollectorConfigException when a setting is wrong or the contracts cannot be loaded
     */
    public static Validator start(CollectorConfig config) {
        if (config.scope() != CollectorSetting.Scope.VALIDATE) {
            throw new IllegalArgumentException("the configuration is for waybill collect, not validate");
        }
        // The relay's reloading contract source: the same loading, fingerprint and keep-the-old-ones-on-failure rules.
        ContractSource contracts = ContractSource.directory(
                config.get(CollectorSettings.CONTRACTS_DIRECTORY), config.get(CollectorSettings.ACCEPT_DRAFTS));
        try {
            contracts.load();
        } catch (WaybillException e) {
            throw new CollectorConfigException("contracts.directory: " + e.getMessage());
        }
        EventRouter router = EventRouter.builder()
                .catalog(contracts::current)
                .source(config.get(CollectorSettings.SOURCE))
                .instance(config.get(CollectorSettings.INSTANCE))
                .deadLetterTopic(config.get(CollectorSettings.DEAD_LETTER_TOPIC))
                .build();
        ValidatorMetrics metrics = new ValidatorMetrics(config.get(CollectorSettings.INSTANCE));
        KafkaStreams streams = new KafkaStreams(
                topology(config.get(CollectorSettings.RAW_TOPIC_SUFFIX), router, metrics, maxRequestSize(config)),
                properties(config));
        metrics.bind(streams);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("A validator stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .REPLACE_THREAD;
        });
        ScheduledExecutorService reloader = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "waybill-validate-contracts");
            thread.setDaemon(true);
            return thread;
        });
        long interval = config.get(CollectorSettings.CONTRACTS_RELOAD_INTERVAL).toMillis();
        reloader.scheduleWithFixedDelay(() -> reload(contracts, metrics), interval, interval, TimeUnit.MILLISECONDS);
        ValidatorEndpoints endpoints;
        try {
            endpoints = ValidatorEndpoints.start(
                    config.get(CollectorSettings.HTTP_HOST), config.get(CollectorSettings.HTTP_PORT), streams, metrics);
        } catch (RuntimeException e) {
            reloader.shutdownNow();
            streams.close(Duration.ZERO);
            throw new CollectorConfigException("http.host/http.port: cannot listen on "
                    + config.get(CollectorSettings.HTTP_HOST) + ":" + config.get(CollectorSettings.HTTP_PORT) + ": "
                    + e.getMessage());
        }
        streams.start();
        LOG.info("Validating {} with {}", "*" + config.get(CollectorSettings.RAW_TOPIC_SUFFIX), contracts.current());
        return new Validator(streams, reloader, endpoints);
    }

    private static void reload(ContractSource contracts, ValidatorMetrics metrics) {
        ContractSource.Reload reload = contracts.reloadIfChanged();
        if (reload instanceof ContractSource.Reload.Reloaded reloaded) {
            metrics.contractReload(true);
            LOG.info("Contracts reloaded: {}", reloaded.catalog());
        } else if (reload instanceof ContractSource.Reload.Failed failed) {
            metrics.contractReload(false);
            LOG.error(
                    failed.changed()
                            ? "Contracts changed but cannot be loaded; keeping the previous ones: {}"
                            : "Cannot check the contracts for changes: {}",
                    failed.cause().getMessage());
        }
    }

    /** The topology: raw topics in, each record routed, out to the topic routing chose. */
    /**
     * The validator's producer's {@code max.request.size}. Under exactly-once a record the producer refuses puts the
     * transaction in error, so records over it are dead-lettered before they are sent.
     */
    static int maxRequestSize(CollectorConfig config) {
        String value = config.streams()
                .getOrDefault(
                        "producer.max.request.size", config.streams().getOrDefault("max.request.size", "1048576"));
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new CollectorConfigException(
                    "kafka.streams.producer.max.request.size: '" + value + "' is not a number of bytes");
        }
    }

    static Topology topology(String rawTopicSuffix, EventRouter router, ValidatorMetrics metrics, int maxRequestSize) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(
                        Pattern.compile(".*" + Pattern.quote(rawTopicSuffix)),
                        Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(() -> new Route(router, metrics, maxRequestSize))
                .to((key, value, context) -> value.topic(), Produced.with(Serdes.ByteArray(), ROUTED));
        return builder.build();
    }

    static Properties properties(CollectorConfig config) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.CLIENT_ID_CONFIG, "waybill-validate-" + config.get(CollectorSettings.INSTANCE));
        // New raw topics (a producer's first event of a new contract) are picked up within this.
        properties.put(StreamsConfig.consumerPrefix("metadata.max.age.ms"), "30000");
        properties.put(StreamsConfig.producerPrefix("linger.ms"), "5");
        properties.putAll(config.streams());
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(CollectorSettings.BOOTSTRAP_SERVERS));
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get(CollectorSettings.APPLICATION_ID));
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.get(CollectorSettings.STREAM_THREADS));
        properties.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        properties.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        return properties;
    }

    /** The Kafka Streams state: {@code RUNNING} once it reads. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Stops the stream threads: the open transaction is committed or aborted, never half-visible. */
    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    public void close(Duration timeout) {
        reloader.shutdownNow();
        endpoints.readiness(false);
        streams.close(timeout);
        endpoints.close();
    }

    /** The port of its health and metrics endpoints (useful with {@code http.port: 0}). */
    public int port() {
        return endpoints.port();
    }

    /** A routed event on its way to the sink: the topic routing chose, and the value to write there. */
    record Routed(String topic, byte[] value) {}

    private static final Serde<Routed> ROUTED = Serdes.serdeFrom(
            (Serializer<Routed>) (topic, routed) -> routed == null ? null : routed.value(),
            (Deserializer<Routed>) (topic, bytes) -> {
                throw new UnsupportedOperationException("routed events are only written");
            });

    /** Routes one raw record. */
    private static final class Route implements Processor<byte[], byte[], byte[], Routed> {
        private final EventRouter router;
        private final ValidatorMetrics metrics;
        private final int maxRequestSize;
        private ProcessorContext<byte[], Routed> context;

        Route(EventRouter router, ValidatorMetrics metrics, int maxRequestSize) {
            this.router = router;
            this.metrics = metrics;
            this.maxRequestSize = maxRequestSize;
        }

        @Override
        public void init(ProcessorContext<byte[], Routed> context) {
            this.context = context;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            long offset = context.recordMetadata().map(m -> m.offset()).orElse(0L);
            EventRouter.Batch batch = router.batch();
            RoutedEvent routed = batch.route(
                    RawEvents.captured(record.key(), record.value(), record.headers(), offset, record.timestamp()));
            // Copies for the previous major's topic go right after their original, in the same transaction. Asked
            // before the original is forwarded: it links the original to its copy (ce_waybillconvertedto).
            List<RoutedEvent> copies = batch.copies(routed);
            forward(record, routed);
            copies.forEach(copy -> forward(record, copy));
        }

        private void forward(Record<byte[], byte[]> record, RoutedEvent routed) {
            RawEvents.carryOver(record.headers(), routed.headers());
            int size = routed.sizeUpperBound();
            if (size > maxRequestSize) {
                routed = router.tooLarge(
                        routed,
                        "about " + size + " bytes, over the validator producer's max.request.size of "
                                + maxRequestSize);
                RawEvents.carryOver(record.headers(), routed.headers());
            }
            metrics.routed(routed);
            context.forward(new Record<>(
                    routed.key(), new Routed(routed.topic(), routed.value()), record.timestamp(), routed.headers()));
        }
    }
}
