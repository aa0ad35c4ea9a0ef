package dev.waybill.benchmarks;

import dev.waybill.collector.CollectorConfig;
import dev.waybill.collector.CollectorSetting.Scope;
import dev.waybill.collector.CollectorSettings;
import dev.waybill.collector.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * The validator ({@code waybill validate}, Kafka Streams exactly_once_v2) against a plain at-least-once
 * consumer-producer loop ({@link PlainConsumerProducer}) draining the same raw backlog, alternately, round by round:
 * what exactly-once validation costs next to copying the records.
 */
final class ValidatorThroughput {

    private final String servers;
    private final String validTopic;
    private final String deadLetterTopic;
    private final String plainCopyTopic;
    private final int partitions;

    ValidatorThroughput(
            String servers, String validTopic, String deadLetterTopic, String plainCopyTopic, int partitions) {
        this.servers = servers;
        this.validTopic = validTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.plainCopyTopic = plainCopyTopic;
        this.partitions = partitions;
    }

    /**
     * Drains the {@code backlog} events of the topics ending in {@code rawSuffix} with each, {@code rounds} times
     * after a warm-up round, and returns the medians and the ratio of each round.
     */
    Map<String, Object> compare(String rawSuffix, int backlog, int rounds) throws Exception {
        Path state = Files.createTempDirectory("bench-validate");
        Pattern raw = Pattern.compile(".*" + Pattern.quote(rawSuffix));
        List<Double> validator = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
            // Round 0 warms up and is not counted.
            for (int round = 0; round <= rounds; round++) {
                List<String> order = round % 2 == 1 ? List.of("validator", "plain") : List.of("plain", "validator");
                Map<String, Double> thisRound = new HashMap<>();
                for (String which : order) {
                    double rate;
                    if (which.equals("validator")) {
                        Set<String> out = Set.of(validTopic, deadLetterTopic);
                        long base = committed(admin, out);
                        try (Validator running = Validator.start(validatorConfig(rawSuffix, state))) {
                            rate = drain(admin, out, base, backlog);
                        }
                        if (round > 0) {
                            validator.add(rate);
                        }
                    } else {
                        Set<String> out = Set.of(plainCopyTopic);
                        long base = committed(admin, out);
                        try (PlainConsumerProducer running = PlainConsumerProducer.start(
                                servers, raw, "bench-plain-" + UUID.randomUUID(), plainCopyTopic)) {
                            rate = drain(admin, out, base, backlog);
                        }
                        if (round > 0) {
                            plain.add(rate);
                        }
                    }
                    thisRound.put(which, rate);
                    System.out.printf(Locale.ROOT, "  %s round %d: %.0f events/s%n", which, round, rate);
                }
                if (round > 0) {
                    ratios.add(thisRound.get("validator") / thisRound.get("plain"));
                }
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("validatorEventsPerSecond", Math.round(Stats.median(validator)));
        figures.put("plainEventsPerSecond", Math.round(Stats.median(plain)));
        figures.put("ratios", ratios.stream().map(r -> Stats.round(r, 2)).toList());
        figures.put("ratio", Stats.round(Stats.median(ratios), 2));
        return figures;
    }

    /**
     * Waits until {@code out} holds {@code backlog} more committed records than {@code base}, and returns events per
     * second from the first committed output to the last, so that start-up and group joining are not counted.
     */
    private double drain(Admin admin, Set<String> out, long base, int backlog) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long firstAt = 0;
        long firstCount = 0;
        while (System.nanoTime() < deadline) {
            long count = committed(admin, out) - base;
            long now = System.nanoTime();
            if (count > 0 && firstAt == 0) {
                firstAt = now;
                firstCount = count;
            }
            if (count >= backlog) {
                return (count - firstCount) / ((now - firstAt) / 1e9);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the backlog was not drained within 5 minutes into " + out);
    }

    /** Records in {@code topics} visible to a read_committed consumer. */
    private long committed(Admin admin, Set<String> topics) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : topics) {
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        return admin
                .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all()
                .get()
                .values()
                .stream()
                .mapToLong(info -> info.offset())
                .sum();
    }

    private CollectorConfig validatorConfig(String rawSuffix, Path state) {
        return CollectorConfig.builder(Scope.VALIDATE)
                .kafka(servers)
                .set(CollectorSettings.INSTANCE, "bench-validator")
                .set(CollectorSettings.HTTP_HOST, "127.0.0.1")
                .set(CollectorSettings.HTTP_PORT, 0)
                .set(CollectorSettings.APPLICATION_ID, "bench-validate-" + UUID.randomUUID())
                .set(CollectorSettings.RAW_TOPIC_SUFFIX, rawSuffix)
                .set(
                        CollectorSettings.CONTRACTS_DIRECTORY,
                        Path.of("benchmarks/contracts").toAbsolutePath())
                .set(CollectorSettings.DEAD_LETTER_TOPIC, deadLetterTopic)
                .streams("state.dir", state.toString())
                .build();
    }
}
