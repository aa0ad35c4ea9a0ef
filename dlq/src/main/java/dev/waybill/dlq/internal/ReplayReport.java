package dev.waybill.dlq.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one replay run did: how many dead letters it read, skipped (not matching the filters), published again (by
 * topic), and which still fail (by reason and pointer, with the first ids) or can never be replayed.
 */
public final class ReplayReport {

    /** Dead letters that still fail the current contracts, for one reason and pointer. */
    public record Failure(String reason, String pointer, long count) {}

    /** One still-failing dead letter, as listed (the first few only). */
    public record FailedLetter(String id, String coordinates, String reason, String pointer) {}

    private final String name;
    private final boolean dryRun;
    private final List<String> topics;
    private final int listLimit;
    private long alreadyHandled;
    private long read;
    private long skipped;
    private final Map<String, Long> replayed = new TreeMap<>();
    private final Map<List<String>, Long> failing = new TreeMap<>((a, b) ->
            a.get(0).equals(b.get(0)) ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0)));
    private final List<FailedLetter> failedLetters = new ArrayList<>();
    private long tooLarge;
    private final List<String> tooLargeIds = new ArrayList<>();

    ReplayReport(String name, boolean dryRun, List<String> topics, int listLimit) {
        this.name = name;
        this.dryRun = dryRun;
        this.topics = List.copyOf(topics);
        this.listLimit = listLimit;
    }

    void alreadyHandled(long records) {
        alreadyHandled = records;
    }

    void countRead() {
        read++;
    }

    void countSkipped() {
        skipped++;
    }

    void replayed(String topic) {
        replayed.merge(topic, 1L, Long::sum);
    }

    void failing(DeadLetter letter, String reason, String pointer) {
        failing.merge(List.of(reason, pointer), 1L, Long::sum);
        if (failedLetters.size() < listLimit) {
            failedLetters.add(new FailedLetter(letter.id(), letter.coordinates(), reason, pointer));
        }
    }

    void tooLarge(DeadLetter letter) {
        tooLarge++;
        if (tooLargeIds.size() < listLimit) {
            tooLargeIds.add(letter.id());
        }
    }

    public String name() {
        return name;
    }

    public boolean dryRun() {
        return dryRun;
    }

    public List<String> topics() {
        return topics;
    }

    /** Records an earlier run of the same replay already went through (its committed offsets). */
    public long alreadyHandled() {
        return alreadyHandled;
    }

    public long read() {
        return read;
    }

    public long skipped() {
        return skipped;
    }

    public long matched() {
        return read - skipped;
    }

    /** Published (or, in a dry run, that would be), by topic. */
    public Map<String, Long> replayedByTopic() {
        return Map.copyOf(replayed);
    }

    public long replayed() {
        return replayed.values().stream().mapToLong(Long::longValue).sum();
    }

    public List<Failure> failures() {
        return failing.entrySet().stream()
                .map(entry -> new Failure(entry.getKey().get(0), entry.getKey().get(1), entry.getValue()))
                .toList();
    }

    public long failed() {
        return failing.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The first still-failing dead letters, in the order they were read. */
    public List<FailedLetter> failedLetters() {
        return List.copyOf(failedLetters);
    }

    /** {@code record-too-large} dead letters: without a value, never replayable. */
    public long tooLarge() {
        return tooLarge;
    }

    public List<String> tooLargeIds() {
        return List.copyOf(tooLargeIds);
    }

    /** Whether everything that matched was (or would be) replayed. */
    public boolean complete() {
        return failed() == 0 && tooLarge == 0;
    }
}
