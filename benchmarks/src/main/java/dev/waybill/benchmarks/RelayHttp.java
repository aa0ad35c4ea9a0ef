package dev.waybill.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Asks a relay process on this machine for one of its endpoints, as probes do; no answer is a result, not an error. */
final class RelayHttp {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RelayHttp() {}

    /** The HTTP status of {@code path}, or -1 while nothing answers. */
    static int status(int port, String path) {
        HttpResponse<String> response = get(port, path);
        return response == null ? -1 : response.statusCode();
    }

    /** The body of {@code path}, or {@code null} while nothing answers. */
    static String body(int port, String path) {
        HttpResponse<String> response = get(port, path);
        return response == null ? null : response.body();
    }

    private static HttpResponse<String> get(int port, String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
