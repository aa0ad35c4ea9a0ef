package dev.waybill.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP load generator: {@code concurrency} clients, each sending its next POST as soon as the previous
 * one is answered, over kept-alive HTTP/1.1 connections (the JDK's {@link HttpClient}). It runs in the benchmark's JVM
 * and so takes its share of the same cores as the server and Kafka.
 */
final class HttpLoad {

    /** What one run measured: requests answered 2xx in the measured window, their latencies, and failures. */
    record Result(long requests, long events, long failures, double seconds, long[] latencies) {

        double eventsPerSecond() {
            return events / seconds;
        }

        double percentileMillis(double p) {
            return latencies.length == 0 ? Double.NaN : Stats.percentileMillis(latencies, latencies.length, p);
        }
    }

    private HttpLoad() {}

    /**
     * POSTs {@code bodies} in turn to {@code url} for {@code warmUp} plus {@code measured}, counting only what is
     * answered in the measured window.
     */
    static Result run(
            String url,
            String contentType,
            List<byte[]> bodies,
            int eventsPerRequest,
            int concurrency,
            Duration warmUp,
            Duration measured)
            throws InterruptedException {
        ExecutorService clientThreads = Executors.newFixedThreadPool(2, daemon("bench-http-client"));
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(clientThreads)
                .build();
        long from = System.nanoTime() + warmUp.toNanos();
        long end = from + measured.toNanos();
        AtomicLong failures = new AtomicLong();
        List<long[]> perWorker = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            long[][] samples = {new long[4096]};
            int[] count = {0};
            int first = w;
            Thread worker = new Thread(
                    () -> {
                        int next = first;
                        while (true) {
                            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(30))
                                    .header("Content-Type", contentType)
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(next++ % bodies.size())))
                                    .build();
                            long start = System.nanoTime();
                            if (start >= end) {
                                break;
                            }
                            int status;
                            try {
                                status = client.send(request, HttpResponse.BodyHandlers.discarding())
                                        .statusCode();
                            } catch (Exception e) {
                                status = -1;
                            }
                            long done = System.nanoTime();
                            if (start < from || done > end) {
                                continue;
                            }
                            if (status / 100 != 2) {
                                failures.incrementAndGet();
                                continue;
                            }
                            if (count[0] == samples[0].length) {
                                samples[0] = Arrays.copyOf(samples[0], count[0] * 2);
                            }
                            samples[0][count[0]++] = done - start;
                        }
                        synchronized (perWorker) {
                            perWorker.add(Arrays.copyOf(samples[0], count[0]));
                        }
                    },
                    "bench-http-" + w);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        clientThreads.shutdownNow();
        long[] latencies = perWorker.stream().flatMapToLong(Arrays::stream).toArray();
        return new Result(
                latencies.length,
                (long) latencies.length * eventsPerRequest,
                failures.get(),
                measured.toNanos() / 1e9,
                latencies);
    }

    /** POSTs each of {@code bodies} once, {@code concurrency} at a time; fails unless every one is answered 2xx. */
    static void postAll(String url, String contentType, List<byte[]> bodies, int concurrency) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(concurrency, daemon("bench-http-fill"));
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            List<java.util.concurrent.Future<Integer>> statuses = new ArrayList<>();
            for (byte[] body : bodies) {
                statuses.add(senders.submit(() -> client.send(
                                HttpRequest.newBuilder(URI.create(url))
                                        .timeout(Duration.ofSeconds(60))
                                        .header("Content-Type", contentType)
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode()));
            }
            for (java.util.concurrent.Future<Integer> status : statuses) {
                if (status.get() / 100 != 2) {
                    throw new IllegalStateException(url + " answered " + status.get());
                }
            }
        } finally {
            senders.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
