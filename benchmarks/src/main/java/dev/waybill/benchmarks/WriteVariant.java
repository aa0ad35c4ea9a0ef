package dev.waybill.benchmarks;

import dev.waybill.outbox.WriteMode;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One way to run the write benchmark's transaction: {@code perTx} customer registrations (business inserts), each
 * with its event recorded the way {@code shape} says. Variants with the same {@code perTx} compare against the
 * {@link Shape#ALONE} variant with that {@code perTx}.
 */
record WriteVariant(String name, String api, WriteMode mode, Shape shape, int perTx) {

    enum Shape {
        /** The business inserts alone: the baseline. */
        ALONE,
        /** One {@code OutboxWriter.write} per event (outbox-jpa: its normal flush). */
        WRITE,
        /** All the transaction's events with one {@code OutboxWriter.writeAll}. */
        WRITE_ALL,
        /** Explored, not offered: the row deleted again in the same transaction (capture still sees the insert). */
        INSERT_DELETE,
        /** A {@code SELECT 1} instead of an event: the least any extra statement costs. */
        SELECT_1,
        /**
         * The event built and its message envelope sent as the parameter of {@code SELECT octet_length(?)}: what
         * message mode costs without the WAL record (client work, parameter transfer).
         */
        SELECT_ENVELOPE,
        /**
         * {@code pg_logical_emit_message} with one envelope built before the measurement: what message mode costs
         * without building the event in Java.
         */
        MESSAGE_PREBUILT,
        /**
         * {@code OutboxWriter.executeWith}: the business insert and {@code pg_logical_emit_message} in one
         * multi-statement prepared statement (pgjdbc sends both with one Sync, so one round trip).
         */
        RIDING
    }

    /** The JDBC variants, first the ones docs/benchmarks.md has always shown. */
    static final List<WriteVariant> JDBC = List.of(
            new WriteVariant("alone", "jdbc", null, Shape.ALONE, 1),
            new WriteVariant("table", "jdbc", WriteMode.TABLE, Shape.WRITE, 1),
            new WriteVariant("message", "jdbc", WriteMode.MESSAGE, Shape.WRITE, 1),
            new WriteVariant("insert-delete", "jdbc", WriteMode.TABLE, Shape.INSERT_DELETE, 1),
            new WriteVariant("select-1", "jdbc", null, Shape.SELECT_1, 1),
            new WriteVariant("select-envelope", "jdbc", WriteMode.MESSAGE, Shape.SELECT_ENVELOPE, 1),
            new WriteVariant("message-prebuilt", "jdbc", WriteMode.MESSAGE, Shape.MESSAGE_PREBUILT, 1),
            new WriteVariant("message-riding", "jdbc", WriteMode.MESSAGE, Shape.RIDING, 1),
            new WriteVariant("alone-5", "jdbc", null, Shape.ALONE, 5),
            new WriteVariant("table-5", "jdbc", WriteMode.TABLE, Shape.WRITE_ALL, 5),
            new WriteVariant("message-5", "jdbc", WriteMode.MESSAGE, Shape.WRITE_ALL, 5),
            new WriteVariant("message-5-each", "jdbc", WriteMode.MESSAGE, Shape.WRITE, 5));

    /**
     * outbox-jpa writes a flush's events itself: one {@code write}, or one {@code writeAll} for several; its floor is
     * a native {@code SELECT 1} in the same transaction.
     */
    static final List<WriteVariant> JPA = List.of(
            new WriteVariant("alone", "jpa", null, Shape.ALONE, 1),
            new WriteVariant("table", "jpa", WriteMode.TABLE, Shape.WRITE, 1),
            new WriteVariant("message", "jpa", WriteMode.MESSAGE, Shape.WRITE, 1),
            new WriteVariant("select-1", "jpa", null, Shape.SELECT_1, 1),
            new WriteVariant("alone-5", "jpa", null, Shape.ALONE, 5),
            new WriteVariant("table-5", "jpa", WriteMode.TABLE, Shape.WRITE, 5),
            new WriteVariant("message-5", "jpa", WriteMode.MESSAGE, Shape.WRITE, 5));

    /**
     * The variants to measure: all, or those named in {@code waybill.bench.write.variants} (comma-separated, for
     * exploring), always with the baselines they compare against.
     */
    static List<WriteVariant> selected(List<WriteVariant> variants) {
        String names = System.getProperty("waybill.bench.write.variants", "");
        if (names.isBlank()) {
            return variants;
        }
        Set<String> wanted = Arrays.stream(names.split(",")).map(String::trim).collect(Collectors.toSet());
        Set<Integer> sizes = variants.stream()
                .filter(variant -> wanted.contains(variant.name()))
                .map(WriteVariant::perTx)
                .collect(Collectors.toSet());
        return variants.stream()
                .filter(variant -> wanted.contains(variant.name())
                        || (variant.shape() == Shape.ALONE && sizes.contains(variant.perTx())))
                .toList();
    }

    /** The name of the variant this one's ratio is taken against. */
    String baseline() {
        return perTx == 1 ? "alone" : "alone-" + perTx;
    }
}
