package dev.waybill.benchmarks;

import java.util.Arrays;
import java.util.List;

/** Medians and percentiles: noisy machines call for medians of repeated runs, never single figures. */
final class Stats {

    private Stats() {}

    static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** The {@code p}-th percentile (0-100) of nanosecond samples, in milliseconds. */
    static double percentileMillis(long[] nanos, int count, double p) {
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(index, count - 1))] / 1_000_000.0;
    }

    static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Math.round(value * scale) / scale;
    }
}
