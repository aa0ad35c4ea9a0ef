package dev.waybill.relay.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.waybill.relay.RelayEndpoints;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Liveness, readiness, the relay's role, Prometheus metrics and shadow validation over HTTP, with the JDK's own server: nothing more is needed. */
final class HttpEndpoints implements AutoCloseable {

    private final HttpServer server;

    HttpEndpoints(
            String host,
            int port,
            BooleanSupplier live,
            Supplier<Readiness> readiness,
            Supplier<RoleReport> role,
            Supplier<String> metrics,
            ShadowEndpoint shadows)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.createContext(RelayEndpoints.LIVE, exchange -> status(exchange, live.getAsBoolean()));
        server.createContext(RelayEndpoints.READY, exchange -> {
            Readiness now = readiness.get();
            respond(exchange, now.ready() ? 200 : 503, "application/json", now.json());
        });
        server.createContext(
                RelayEndpoints.ROLE,
                exchange ->
                        respond(exchange, 200, "application/json", role.get().json()));
        server.createContext(
                RelayEndpoints.METRICS,
                exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
        server.createContext(RelayEndpoints.SHADOW, exchange -> {
            ShadowEndpoint.Response response =
                    shadows.answer(exchange.getRequestURI().getRawPath());
            respond(exchange, response.status(), "application/json", response.json());
        });
        server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "waybill-http");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void status(HttpExchange exchange, boolean up) throws IOException {
        respond(exchange, up ? 200 : 503, "application/json", up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
