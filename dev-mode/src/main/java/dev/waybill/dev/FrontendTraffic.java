package dev.waybill.dev;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The example shop's frontend: product page views, sent as a browser would ({@code fetch} with a JSON batch and a
 * bearer token) to the collector's {@code POST /v1/events} under the contract {@code shop.product-viewed} 1.0.0.
 * One view in {@value #BREAKING_ONE_IN} deliberately breaks the contract (no {@code productId}, or a number for it),
 * so the validator dead-letters it with {@code contract-violation}. Remembers where each event (by its id) should land.
 */
final class FrontendTraffic {

    static final String CONTRACT = "shop.product-viewed";
    static final String VERSION = "1.0.0";
    static final int BREAKING_ONE_IN = 5;

    private static final String[] SKUS = {"SKU-TEA", "SKU-MUG", "SKU-KETTLE", "SKU-CUP"};

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI endpoint;
    private final String token;
    private final String source;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final ShopTraffic.Expected valid;
    private final ShopTraffic.Expected broken;
    private final Random random = new Random(7);
    private final Map<String, ShopTraffic.Expected> expected = new ConcurrentHashMap<>();
    private int sent;
    private int breaking;
    private int failedRequests;
    private String lastFailure;

    /**
     * @param endpoint the collector's {@code /v1/events}
     * @param source the CloudEvents source the frontend names (dev mode's summary reads this run's events by it)
     */
    FrontendTraffic(URI endpoint, String token, String source, Destinations destinations) {
        this.endpoint = endpoint;
        this.token = token;
        this.source = source;
        this.valid = destinations.of(CONTRACT, VERSION, false);
        this.broken = destinations.of(CONTRACT, VERSION, true);
    }

    /** Sends one browser batch of one to three page views; a refused request is counted, not retried. */
    void next() {
        String session = "session-" + runId + "-" + (1 + random.nextInt(20));
        List<String> ids = new ArrayList<>();
        List<Boolean> breaks = new ArrayList<>();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i <= random.nextInt(3); i++) {
            String id = "view-" + runId + "-" + (sent + ids.size() + 1);
            boolean breaksContract = random.nextInt(BREAKING_ONE_IN) == 0;
            String sku = SKUS[random.nextInt(SKUS.length)];
            String data;
            if (!breaksContract) {
                data = "{\"productId\":\"" + sku + "\",\"page\":\"/products/" + sku + "\",\"referrer\":\"/\"}";
            } else if (random.nextBoolean()) {
                data = "{\"page\":\"/products/" + sku + "\"}"; // productId missing
            } else {
                data = "{\"productId\":" + (1000 + random.nextInt(9000)) + ",\"page\":\"/products/" + sku + "\"}";
            }
            batch.append(i == 0 ? "" : ",").append(event(id, session, data));
            ids.add(id);
            breaks.add(breaksContract);
        }
        batch.append(']');
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .header("Origin", "http://localhost:3000")
                .POST(HttpRequest.BodyPublishers.ofString(batch.toString()))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                failedRequests++;
                lastFailure = response.statusCode() + " " + response.body();
                return;
            }
        } catch (IOException e) {
            failedRequests++;
            lastFailure = e.toString();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (int i = 0; i < ids.size(); i++) {
            expected.put(DevSummary.collected(ids.get(i)), breaks.get(i) ? broken : valid);
            breaking += breaks.get(i) ? 1 : 0;
        }
        sent += ids.size();
    }

    private String event(String id, String session, String data) {
        return "{\"contract\":\"" + CONTRACT + "\",\"version\":\"" + VERSION + "\",\"id\":\"" + id
                + "\",\"type\":\"ProductViewed\",\"subject\":\"" + session + "\",\"source\":\"" + source
                + "\",\"data\":" + data + "}";
    }

    /** Events the collector accepted. */
    int sent() {
        return sent;
    }

    int breaking() {
        return breaking;
    }

    int failedRequests() {
        return failedRequests;
    }

    String lastFailure() {
        return lastFailure;
    }

    Map<String, ShopTraffic.Expected> expected() {
        return expected;
    }
}
