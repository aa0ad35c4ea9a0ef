package dev.waybill.collector.internal;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * Cross-origin requests from browsers: the preflight of {@code POST /v1/events} and the headers that let a page of an
 * allowed origin read the answer (the {@code cors.allowed-origins} setting; {@code *} allows any).
 */
final class Cors {

    private final List<String> allowedOrigins;

    Cors(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Answers an {@code OPTIONS} request; a 403 {@link ApiException} when its origin is not allowed. */
    void preflight(HttpServerRequest request) {
        String origin = request.getHeader("origin");
        if (origin == null || !allowed(origin)) {
            throw new ApiException(
                    403, "origin-not-allowed", "origin " + origin + " may not post events (cors.allowed-origins)");
        }
        HttpServerResponse response = request.response();
        addHeaders(request, response);
        String requested = request.getHeader("access-control-request-headers");
        response.putHeader("access-control-allow-methods", "POST")
                .putHeader(
                        "access-control-allow-headers", requested == null ? "authorization, content-type" : requested)
                .putHeader("access-control-max-age", "600")
                .setStatusCode(204)
                .end();
    }

    /** Lets a page of an allowed origin read this answer, errors included (and their {@code Retry-After}). */
    void addHeaders(HttpServerRequest request, HttpServerResponse response) {
        String origin = request.getHeader("origin");
        if (origin != null && allowed(origin)) {
            response.putHeader("access-control-allow-origin", allowedOrigins.contains("*") ? "*" : origin)
                    .putHeader("vary", "Origin")
                    .putHeader("access-control-expose-headers", "Retry-After");
        }
    }

    private boolean allowed(String origin) {
        return allowedOrigins.contains("*") || allowedOrigins.contains(origin);
    }
}
