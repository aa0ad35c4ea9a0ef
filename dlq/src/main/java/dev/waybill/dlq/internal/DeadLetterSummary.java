package dev.waybill.dlq.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Dead letters counted by contract, version, reason, JSON pointer and hour (of {@link DeadLetter#deadLetteredAt()}),
 * with the first and last record of each group. Memory grows with the number of groups, not of records.
 */
public final class DeadLetterSummary {

    /**
     * One group; a header the records lack is {@code ""}.
     *
     * @param hour the start of the hour the group's records were dead-lettered in
     * @param first the earliest record ({@code topic:partition:offset}), by dead-letter time then position
     * @param last the latest record
     */
    public record Group(
            Instant hour,
            String contract,
            String version,
            String reason,
            String pointer,
            long count,
            String first,
            String last,
            Instant firstAt,
            Instant lastAt) {}

    private record Key(Instant hour, String contract, String version, String reason, String pointer) {}

    private record Seen(Instant at, String topic, int partition, long offset) {
        static final Comparator<Seen> ORDER = Comparator.comparing(Seen::at)
                .thenComparing(Seen::topic)
                .thenComparingInt(Seen::partition)
                .thenComparingLong(Seen::offset);

        String coordinates() {
            return topic + ":" + partition + ":" + offset;
        }
    }

    private static final class Stats {
        long count;
        Seen first;
        Seen last;
    }

    private static final Comparator<Group> ORDER = Comparator.comparing(Group::hour)
            .thenComparing(Group::contract)
            .thenComparing(Group::version)
            .thenComparing(Group::reason)
            .thenComparing(Group::pointer);

    private final Map<Key, Stats> groups = new HashMap<>();
    private long total;

    public void add(DeadLetter letter) {
        Instant at = letter.deadLetteredAt();
        Key key = new Key(
                at.truncatedTo(ChronoUnit.HOURS),
                text(letter.contract()),
                text(letter.version()),
                text(letter.reason()),
                text(letter.pointer()));
        Seen seen = new Seen(at, letter.topic(), letter.partition(), letter.offset());
        Stats stats = groups.computeIfAbsent(key, k -> new Stats());
        stats.count++;
        if (stats.first == null || Seen.ORDER.compare(seen, stats.first) < 0) {
            stats.first = seen;
        }
        if (stats.last == null || Seen.ORDER.compare(seen, stats.last) > 0) {
            stats.last = seen;
        }
        total++;
    }

    /** Every group, by hour, then contract, version, reason and pointer. */
    public List<Group> groups() {
        return groups.entrySet().stream()
                .map(entry -> {
                    Key key = entry.getKey();
                    Stats stats = entry.getValue();
                    return new Group(
                            key.hour(),
                            key.contract(),
                            key.version(),
                            key.reason(),
                            key.pointer(),
                            stats.count,
                            stats.first.coordinates(),
                            stats.last.coordinates(),
                            stats.first.at(),
                            stats.last.at());
                })
                .sorted(ORDER)
                .toList();
    }

    /** How many dead letters were added. */
    public long total() {
        return total;
    }

    private static String text(String value) {
        return Objects.requireNonNullElse(value, "");
    }
}
