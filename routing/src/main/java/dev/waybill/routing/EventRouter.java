package dev.waybill.routing;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.DataContract;
import dev.waybill.contracts.DeadLetterReason;
import dev.waybill.contracts.DownConversionResult;
import dev.waybill.contracts.ValidationResult;
import dev.waybill.outbox.WaybillException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Headers;

/**
 * Routes captured outbox events: validates each against its contract, decides its topic (the contract's, or a
 * dead-letter topic with the reason) and builds its Kafka record with CloudEvents headers, in one linear pass. No
 * outcome is an exception. Thread-safe.
 *
 * <pre>{@code
 * EventRouter router = EventRouter.builder()
 *         .catalog(contracts::current).source("/waybill/shop").instance("relay-1").build();
 * EventRouter.Batch batch = router.batch();   // one catalog and one relayed-at time for the batch
 * RoutedEvent routed = batch.route(event);
 * producer.send(new ProducerRecord<>(routed.topic(), null, routed.key(), routed.value(), routed.headers()));
 * }</pre>
 */
public final class EventRouter {

    /** Where events go whose contract names no dead-letter topic, unless the builder says otherwise. */
    public static final String DEFAULT_DEAD_LETTER_TOPIC = "waybill.dead-letter";

    private final Supplier<ContractCatalog> catalog;
    private final String deadLetterTopic;
    private final CloudEventsHeaders headers;
    private final Clock clock;
    private final ShadowListener shadows;

    private EventRouter(Builder builder) {
        this.catalog = builder.catalog;
        this.shadows = builder.shadows;
        this.deadLetterTopic = builder.deadLetterTopic;
        this.headers = new CloudEventsHeaders(builder.source, builder.instance);
        this.clock = builder.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A batch of events routed against one catalog and stamped with one relayed-at time. */
    public Batch batch() {
        return new Batch(
                Objects.requireNonNull(catalog.get(), "the contract catalog supplier returned null"),
                CloudEventsHeaders.utf8(Instant.now(clock).toString()));
    }

    /** Routes one event on its own (a batch of one). */
    public RoutedEvent route(CapturedEvent event) {
        return batch().route(event);
    }

    /**
     * The same event dead-lettered as {@code record-too-large}, without its value: Kafka refused the record
     * {@code routed} built ({@code detail} says why). Nothing is validated again.
     */
    public RoutedEvent tooLarge(RoutedEvent routed, String detail) {
        RoutedEvent.Rejection rejection = rejection(
                routed.contract(),
                DeadLetterReason.RECORD_TOO_LARGE,
                "",
                "the record (" + (routed.value() == null ? 0 : routed.value().length) + " bytes of payload) is over "
                        + "Kafka's size limit: " + detail);
        return new RoutedEvent(
                routed.event(),
                routed.contract(),
                Optional.of(rejection),
                deadLetterTopic(routed.contract()),
                routed.key(),
                null,
                CloudEventsHeaders.rejected(routed.headers(), rejection));
    }

    /** Routes events against one catalog snapshot; safe to use from several threads. */
    public final class Batch {
        private final ContractCatalog contracts;
        private final byte[] relayedAt;

        private Batch(ContractCatalog contracts, byte[] relayedAt) {
            this.contracts = contracts;
            this.relayedAt = relayedAt;
        }

        public RoutedEvent route(CapturedEvent event) {
            EventHeaders own = EventHeaders.parse(event.headers());
            Optional<DataContract> contract;
            RoutedEvent.Rejection rejection;
            if (event.contract() == null || event.schemaVersion() == null) {
                contract = Optional.empty();
                rejection = rejection(
                        contract,
                        DeadLetterReason.MALFORMED_EVENT,
                        "",
                        "the event names no contract or no schema version");
            } else {
                ValidationResult result = shadows == null
                        ? contracts.validate(event.contract(), event.schemaVersion(), event.payload())
                        : contracts.validate(
                                event.contract(),
                                event.schemaVersion(),
                                event.payload(),
                                shadow -> shadows.checked(event, shadow));
                contract = result.knownContract();
                if (!own.usable()) {
                    rejection = rejection(contract, DeadLetterReason.MALFORMED_HEADERS, "", own.problem());
                } else if (result instanceof ValidationResult.Rejected rejected) {
                    rejection = rejection(contract, rejected.reason(), rejected.pointer(), rejected.message());
                } else {
                    rejection = null;
                }
            }
            String topic = rejection == null ? contract.orElseThrow().topic() : deadLetterTopic(contract);
            return new RoutedEvent(
                    event,
                    contract,
                    Optional.ofNullable(rejection),
                    topic,
                    utf8(event.aggregateId()),
                    utf8(event.payload()),
                    headers.build(event, own, relayedAt, rejection));
        }

        /**
         * The copies a routed event gets on other topics: for a valid event whose contract version declares a
         * {@code downConversion} to a version this catalog knows and has not retired, the converted payload for the
         * previous major's topic (or its dead-letter topic, with the reason), with the same key and {@code ce_id}.
         * Usually none. A copy is linked to its original both ways: it carries {@code ce_waybillconvertedfrom}, and
         * this adds {@code ce_waybillconvertedto} to {@code original}'s headers, so call it before sending the
         * original.
         */
        public List<RoutedEvent> copies(RoutedEvent original) {
            if (original.deadLettered()
                    || original.contract().orElseThrow().downConversion().isEmpty()) {
                return List.of(); // the common case: no lookup
            }
            CapturedEvent event = original.event();
            return contracts
                    .downConvert(event.contract(), event.schemaVersion(), event.payload())
                    .map(result -> List.of(copy(original, result)))
                    .orElse(List.of());
        }

        private RoutedEvent copy(RoutedEvent original, DownConversionResult result) {
            DataContract to = result.to();
            CapturedEvent event = original.event();
            String payload = event.payload();
            RoutedEvent.Rejection rejection = null;
            if (result instanceof DownConversionResult.Failed failed) {
                rejection = rejection(Optional.of(to), DeadLetterReason.CONVERSION_FAILED, "", failed.message());
            } else if (result instanceof DownConversionResult.Converted converted) {
                payload = converted.payload();
                if (converted.validation() instanceof ValidationResult.Rejected rejected) {
                    rejection = rejection(Optional.of(to), rejected.reason(), rejected.pointer(), rejected.message());
                }
            }
            // The copy is the same event in the target version: its headers say so, and metrics count it there.
            CapturedEvent copy = new CapturedEvent(
                    event.id(),
                    event.contract(),
                    to.version().toString(),
                    event.aggregateType(),
                    event.aggregateId(),
                    event.eventType(),
                    payload,
                    event.headers(),
                    event.occurredAt(),
                    event.source(),
                    event.lsn(),
                    event.txId(),
                    event.commitMillis());
            Headers copyHeaders = headers.build(copy, EventHeaders.parse(event.headers()), relayedAt, rejection);
            copyHeaders.add(WaybillHeaders.CONVERTED_FROM, utf8(result.from().coordinates()));
            if (original.headers().lastHeader(WaybillHeaders.CONVERTED_TO) == null) {
                original.headers().add(WaybillHeaders.CONVERTED_TO, utf8(to.coordinates()));
            }
            return new RoutedEvent(
                    copy,
                    Optional.of(to),
                    Optional.ofNullable(rejection),
                    rejection == null ? to.topic() : deadLetterTopic(Optional.of(to)),
                    original.key(),
                    utf8(payload),
                    copyHeaders);
        }
    }

    private static RoutedEvent.Rejection rejection(
            Optional<DataContract> contract, DeadLetterReason reason, String pointer, String message) {
        return new RoutedEvent.Rejection(
                reason, pointer, message, contract.map(DataContract::topic).orElse(""));
    }

    private String deadLetterTopic(Optional<DataContract> contract) {
        return contract.flatMap(DataContract::deadLetterTopic).orElse(deadLetterTopic);
    }

    private static byte[] utf8(String value) {
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }

    /** Configures an {@link EventRouter}; {@code catalog}, {@code source} and {@code instance} are required. */
    public static final class Builder {
        private Supplier<ContractCatalog> catalog;
        private String deadLetterTopic = DEFAULT_DEAD_LETTER_TOPIC;
        private String source;
        private String instance;
        private Clock clock = Clock.systemUTC();
        private ShadowListener shadows;

        private Builder() {}

        /** The contracts to validate against, asked once per batch (so a reloaded catalog applies from the next). */
        public Builder catalog(Supplier<ContractCatalog> catalog) {
            this.catalog = catalog;
            return this;
        }

        /** A fixed catalog. */
        public Builder catalog(ContractCatalog catalog) {
            Objects.requireNonNull(catalog, "catalog");
            return catalog(() -> catalog);
        }

        /** For events whose contract is unknown or names no dead-letter topic of its own. */
        public Builder deadLetterTopic(String deadLetterTopic) {
            this.deadLetterTopic = deadLetterTopic;
            return this;
        }

        /** The CloudEvents {@code source} of events that do not bring their own. */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /** Who routes: recorded on every record as {@code ce_waybillrelay}. */
        public Builder instance(String instance) {
            this.instance = instance;
            return this;
        }

        /** The clock of the {@code ce_waybillrelayedat} header. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Told the verdict of every {@code proposed} contract version checked in shadow of an event's version (for
         * example a {@link ShadowTally}); without one, proposed versions are not checked. Never changes routing.
         */
        public Builder shadows(ShadowListener shadows) {
            this.shadows = shadows;
            return this;
        }

        /** @throws WaybillException when a required part is missing */
        public EventRouter build() {
            require(catalog, "catalog");
            require(source, "source");
            require(instance, "instance");
            require(deadLetterTopic, "deadLetterTopic");
            require(clock, "clock");
            return new EventRouter(this);
        }

        private static void require(Object value, String name) {
            if (value == null || (value instanceof String text && text.isBlank())) {
                throw new WaybillException("EventRouter." + name + "(...) is required");
            }
        }
    }
}
