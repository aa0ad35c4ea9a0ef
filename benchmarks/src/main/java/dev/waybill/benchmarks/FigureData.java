package dev.waybill.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reading a section's recorded data (as run() returned it, or as benchmarks.json holds it) to derive its figures:
 * the JSON's untyped maps and lists, numbers of any type, and ratios round by round.
 */
final class FigureData {

    private FigureData() {}

    /** The number under {@code path} (map keys, one after the other). */
    static double number(Map<String, Object> data, String... path) {
        Object value = at(data, path);
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException("benchmarks data has no number at " + String.join(".", path));
        }
        return number.doubleValue();
    }

    /** Whether there is a value under {@code path}. */
    static boolean has(Map<String, Object> data, String... path) {
        return at(data, path) != null;
    }

    /** The list of numbers under {@code path}; empty when there is none (data recorded before rounds were kept). */
    static List<Double> numbers(Map<String, Object> data, String... path) {
        List<Double> numbers = new ArrayList<>();
        if (at(data, path) instanceof List<?> list) {
            for (Object item : list) {
                numbers.add(((Number) item).doubleValue());
            }
        }
        return numbers;
    }

    /** The map under {@code path}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> data, String... path) {
        Object value = at(data, path);
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("benchmarks data has no object at " + String.join(".", path));
        }
        return (Map<String, Object>) value;
    }

    /** The list of objects under {@code key}; empty when there is none. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rows(Map<String, Object> data, String key) {
        return data.get(key) instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    /** The first row whose {@code key} has {@code value} (compared as text: 2000 matches 2000.0 too). */
    static Optional<Map<String, Object>> row(List<Map<String, Object>> rows, String key, Object value) {
        return rows.stream().filter(row -> same(row.get(key), value)).findFirst();
    }

    /** Round by round {@code numerators[i] / denominators[i]}; empty unless both have the same, non-zero, count. */
    static List<Double> ratios(List<Double> numerators, List<Double> denominators) {
        List<Double> ratios = new ArrayList<>();
        if (numerators.size() != denominators.size()) {
            return ratios;
        }
        for (int i = 0; i < numerators.size(); i++) {
            ratios.add(Stats.round(numerators.get(i) / denominators.get(i), 3));
        }
        return ratios;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        return String.valueOf(a).equals(String.valueOf(b));
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> data, String... path) {
        Object value = data;
        for (String key : path) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = ((Map<String, Object>) map).get(key);
        }
        return value;
    }
}
