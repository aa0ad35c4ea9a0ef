package dev.waybill.dlq.internal;

import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.DeadLetterReason;
import dev.waybill.contracts.ValidationResult;
import dev.waybill.outbox.WaybillException;
import dev.waybill.routing.WaybillHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Replays dead letters: each one the filter matches is validated against the current contracts and, when it passes,
 * published to its contract's topic with the same id, key and value. What it publishes and the offsets it consumed
 * are committed in one Kafka transaction, so a replay killed at any point resumes exactly where its last
 * transaction ended, and a finished one publishes nothing when run again. The consumer group and the
 * transactional id are the replay's name.
 */
public final class Replayer {

    /** A transaction is committed after this many records, or this long, whichever comes first. */
    private static final int TRANSACTION_RECORDS = 1000;

    private static final Duration TRANSACTION_TIME = Duration.ofMillis(500);

    /**
     * The transaction timeout: how long an interrupted replay's open transaction may hold back {@code read_committed}
     * consumers of the partitions it wrote to, unless the replay runs again sooner (which aborts it at once).
     */
    public static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(15);

    /** Records a second by default; the lowest rate keeps one record's wait well inside the transaction timeout. */
    public static final double DEFAULT_RATE = 500;

    public static final double MIN_RATE = 1;

    private static final Set<String> DEAD_LETTER_HEADERS = Set.of(
            WaybillHeaders.DLQ_REASON,
            WaybillHeaders.DLQ_POINTER,
            WaybillHeaders.DLQ_MESSAGE,
            WaybillHeaders.DLQ_INTENDED_TOPIC);

    /**
     * One replay; build it with {@link #builder()}.
     *
     * @param name the consumer group and transactional id
     * @param from where to start by record time, for partitions the replay has not been through yet
     * @param catalog the current contracts, to validate against
     * @param rate records published per second at most
     * @param listLimit how many still-failing ids the report lists
     */
    public record Plan(
            String name,
            List<String> topics,
            DeadLetterFilter filter,
            Optional<Instant> from,
            ContractCatalog catalog,
            boolean dryRun,
            double rate,
            int listLimit) {

        public Plan {
            Objects.requireNonNull(name, "name");
            topics = List.copyOf(topics);
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(catalog, "catalog");
            if (!(rate >= MIN_RATE)) {
                // A slower rate would hold a transaction open past its timeout while it waits for the next record.
                throw new WaybillException(
                        "--rate must be at least " + (int) MIN_RATE + " event a second, was " + rate);
            }
            if (listLimit < 0) {
                throw new WaybillException("--list must not be negative, was " + listLimit);
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        /** Builds a {@link Plan}: {@code name}, {@code topics}, {@code filter} and {@code catalog} are required. */
        public static final class Builder {
            private String name;
            private List<String> topics;
            private DeadLetterFilter filter = DeadLetterFilter.builder().build();
            private Instant from;
            private ContractCatalog catalog;
            private boolean dryRun;
            private double rate = DEFAULT_RATE;
            private int listLimit = 10;

            private Builder() {}

            public Builder name(String name) {
                this.name = name;
                return this;
            }

            public Builder topics(List<String> topics) {
                this.topics = topics;
                return this;
            }

            public Builder filter(DeadLetterFilter filter) {
                this.filter = filter;
                return this;
            }

            public Builder from(Optional<Instant> from) {
                this.from = from.orElse(null);
                return this;
            }

            public Builder catalog(ContractCatalog catalog) {
                this.catalog = catalog;
                return this;
            }

            public Builder dryRun(boolean dryRun) {
                this.dryRun = dryRun;
                return this;
            }

            public Builder rate(double rate) {
                this.rate = rate;
                return this;
            }

            public Builder listLimit(int listLimit) {
                this.listLimit = listLimit;
                return this;
            }

            public Plan build() {
                return new Plan(
                        name,
                        Objects.requireNonNull(topics, "topics"),
                        filter,
                        Optional.ofNullable(from),
                        catalog,
                        dryRun,
                        rate,
                        listLimit);
            }
        }
    }

    private final KafkaAccess kafka;
    private final Plan plan;
    private final Clock clock;
    private final ReplayReport report;
    private final Map<TopicPartition, OffsetAndMetadata> consumed = new HashMap<>();
    private KafkaProducer<byte[], byte[]> producer;
    private boolean inTransaction;
    private int inTransactionRecords;
    private long transactionStarted;

    public Replayer(KafkaAccess kafka, Plan plan, Clock clock) {
        this.kafka = kafka;
        this.plan = plan;
        this.clock = clock;
        this.report = new ReplayReport(plan.name(), plan.dryRun(), plan.topics(), plan.listLimit());
        this.transactionStarted = System.nanoTime();
    }

    public ReplayReport run() {
        RateLimiter limiter = new RateLimiter(plan.rate());
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer(plan.name())) {
            if (!plan.dryRun()) {
                producer = kafka.transactionalProducer(plan.name(), TRANSACTION_TIMEOUT);
                // Fences an earlier run with the same name that is still around and aborts what it left open, so
                // the group's committed offsets are stable (not pending in that transaction) when read next.
                producer.initTransactions();
            }
            Snapshot snapshot = Snapshot.open(consumer, plan.topics(), plan.from(), true);
            report.alreadyHandled(snapshot.alreadyHandled());
            while (!snapshot.done()) {
                for (ConsumerRecord<byte[], byte[]> record : snapshot.poll()) {
                    handle(DeadLetter.of(record), limiter);
                    consumed.put(
                            new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                    if (inTransactionRecords >= TRANSACTION_RECORDS
                            || System.nanoTime() - transactionStarted >= TRANSACTION_TIME.toNanos()) {
                        commit(consumer);
                    }
                }
                commit(consumer);
            }
        } catch (ProducerFencedException e) {
            throw new WaybillException("another replay named '" + plan.name() + "' started and took over (--name);"
                    + " this one stopped. What it committed stays committed.");
        } catch (KafkaException e) {
            if (!inTransaction) {
                throw kafka.connectionFailure(e);
            }
            WaybillException failure = new WaybillException(
                    "the replay '" + plan.name() + "' failed: " + e.getMessage() + ". Its last transaction was"
                            + " aborted, so nothing of it reached the topics; run the same command again to resume.",
                    e);
            abort(failure);
            throw failure;
        } finally {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
        return report;
    }

    private void handle(DeadLetter letter, RateLimiter limiter) {
        report.countRead();
        if (!plan.filter().matches(letter)) {
            report.countSkipped();
            return;
        }
        if (letter.value() == null) {
            report.tooLarge(letter);
            return;
        }
        if (letter.contract() == null || letter.version() == null) {
            report.failing(letter, DeadLetterReason.MALFORMED_EVENT.code(), "");
            return;
        }
        ValidationResult result = plan.catalog().validate(letter.contract(), letter.version(), letter.valueText());
        if (result instanceof ValidationResult.Rejected rejected) {
            report.failing(letter, rejected.reason().code(), rejected.pointer());
            return;
        }
        String topic = result.knownContract().orElseThrow().topic();
        if (!plan.dryRun()) {
            limiter.acquire();
            begin();
            producer.send(new ProducerRecord<>(topic, null, null, letter.key(), letter.value(), headers(letter)));
            inTransactionRecords++;
        }
        report.replayed(topic);
    }

    /** The dead letter's headers without its reason, plus where it was dead-lettered and when it was replayed. */
    private Headers headers(DeadLetter letter) {
        Headers headers = new RecordHeaders();
        for (Header header : letter.headers()) {
            if (!DEAD_LETTER_HEADERS.contains(header.key())) {
                headers.add(header);
            }
        }
        headers.add(WaybillHeaders.REPLAY_TOPIC, utf8(letter.topic()));
        headers.add(WaybillHeaders.REPLAY_PARTITION, utf8(Integer.toString(letter.partition())));
        headers.add(WaybillHeaders.REPLAY_OFFSET, utf8(Long.toString(letter.offset())));
        headers.add(WaybillHeaders.REPLAYED_AT, utf8(clock.instant().toString()));
        return headers;
    }

    private void begin() {
        if (!inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
            transactionStarted = System.nanoTime();
        }
    }

    /** Commits what was published with the offsets consumed so far; a dry run commits nothing. */
    private void commit(KafkaConsumer<byte[], byte[]> consumer) {
        if (plan.dryRun() || consumed.isEmpty()) {
            consumed.clear();
            transactionStarted = System.nanoTime();
            return;
        }
        begin();
        producer.sendOffsetsToTransaction(Map.copyOf(consumed), consumer.groupMetadata());
        producer.commitTransaction();
        inTransaction = false;
        inTransactionRecords = 0;
        consumed.clear();
        transactionStarted = System.nanoTime();
    }

    private void abort(WaybillException failure) {
        if (producer != null && inTransaction) {
            try {
                producer.abortTransaction();
            } catch (KafkaException e) {
                // Still aborted: the next run with this name fences this producer and aborts what it left open.
                failure.addSuppressed(e);
            }
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
