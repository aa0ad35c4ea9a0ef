package dev.waybill.collector;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The measurement behind the collector's choice of HTTP server (docs/collector.md, "Why Vert.x"): the same handler
 * (read the whole POST body, answer 202 with a small JSON body) on Vert.x 5 and on Jetty 12.1, loaded with
 * {@code wrk}. Not a test; run by hand:
 *
 * <pre>
 * java -cp "$(cat cp.txt):collector/target/classes:collector/target/test-classes" \
 *     dev.waybill.collector.ServerChoiceMeasurement vertx 18080
 * wrk -t2 -c64 -d15s -s collector/src/test/resources/post-event.lua http://127.0.0.1:18080/v1/events
 * </pre>
 */
public final class ServerChoiceMeasurement {

    private static final byte[] ACCEPTED = "{\"accepted\":1}".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[1]);
        switch (args[0]) {
            case "vertx" -> vertx(port);
            case "jetty" -> jetty(port);
            default -> throw new IllegalArgumentException("vertx or jetty");
        }
    }

    private static void vertx(int port) {
        Vertx vertx = Vertx.vertx();
        vertx.createHttpServer(new HttpServerOptions().setPort(port))
                .requestHandler(request -> request.body()
                        .onSuccess(body -> request.response()
                                .setStatusCode(202)
                                .putHeader("content-type", "application/json")
                                .end(io.vertx.core.buffer.Buffer.buffer(ACCEPTED)))
                        .onFailure(e -> request.response().setStatusCode(400).end()))
                .listen()
                .await();
        System.out.println("vertx listening on " + port);
    }

    private static void jetty(int port) throws Exception {
        Server server = new Server(new QueuedThreadPool(200, 8));
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Content.Source.asByteBufferAsync(request).whenComplete((body, failure) -> {
                    if (failure != null) {
                        Response.writeError(request, response, callback, 400);
                        return;
                    }
                    response.setStatus(202);
                    response.getHeaders().put("content-type", "application/json");
                    response.write(true, ByteBuffer.wrap(ACCEPTED), callback);
                });
                return true;
            }
        });
        server.start();
        System.out.println("jetty listening on " + port);
    }

    private ServerChoiceMeasurement() {}
}
