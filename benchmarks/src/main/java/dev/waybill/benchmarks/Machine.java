package dev.waybill.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the figures were measured on: they mean little without it. */
record Machine(String cpu, int cores, String memory, String os, String java) {

    static Machine current() {
        return new Machine(
                procLine("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch")),
                Runtime.getRuntime().availableProcessors(),
                procLine("/proc/meminfo", "MemTotal")
                        .map(kb -> Math.round(Long.parseLong(kb.replaceAll("\\D", "")) / 1024.0 / 1024.0) + " GiB")
                        .orElse("unknown"),
                System.getProperty("os.name") + " " + System.getProperty("os.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cpu", cpu);
        map.put("cores", cores);
        map.put("memory", memory);
        map.put("os", os);
        map.put("java", java);
        return map;
    }

    private static Optional<String> procLine(String file, String key) {
        try {
            return Files.readAllLines(Path.of(file)).stream()
                    .filter(line -> line.startsWith(key))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .findFirst();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
