package dev.waybill.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks relays what their {@code proposed} contract versions would do with live events ({@code GET
 * /contracts/shadow}), with the JDK's HTTP client: the command line needs no Kafka for it.
 */
public final class ShadowReports {

    /** The relay's HTTP endpoints at their default address ({@code http.port} 8080). */
    public static final String DEFAULT_RELAY = "http://localhost:8080";

    /** The relay's shadow endpoint ({@code RelayEndpoints.SHADOW}). */
    public static final String PATH = "/contracts/shadow";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration timeout;

    public ShadowReports(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * One proposed version's tally, summed over {@code relays} (the relays of one stream).
     *
     * @throws CliException when a relay cannot be reached, or does not shadow that version (the message names the
     *     relay and the versions it does shadow)
     */
    public ShadowSummary one(List<URI> relays, String contract, String version) {
        ShadowSummary sum = null;
        for (URI relay : relays) {
            URI uri = resolve(relay, PATH + "/" + encode(contract) + "/" + encode(version));
            JsonNode body = get(uri);
            if (body.has("error")) {
                List<String> shadowed = new ArrayList<>();
                body.path("shadowed").forEach(one -> shadowed.add(one.asText()));
                throw new CliException("the relay at " + relay + " does not check " + contract + " " + version
                        + " in shadow (" + body.path("error").asText() + "); it shadows "
                        + (shadowed.isEmpty() ? "no version" : String.join(", ", shadowed))
                        + ". Is the version `status: proposed` in the relay's contracts, with an active version of"
                        + " the same major below it?");
            }
            ShadowSummary one = ShadowSummary.read(body);
            if (sum != null && !sum.shadowedVersion().equals(one.shadowedVersion())) {
                throw new CliException("the relays disagree: " + String.join(", ", sum.relays()) + " check "
                        + contract + " " + version + " in shadow of " + sum.shadowedVersion() + ", the relay at "
                        + relay + " of " + one.shadowedVersion() + " (do they load the same contracts?)");
            }
            sum = sum == null ? one : sum.plus(one);
        }
        if (sum == null) {
            throw new CliException("no relay to ask: give --relay URL");
        }
        return sum;
    }

    /**
     * Every tally of one relay.
     *
     * @throws CliException when the relay cannot be reached
     */
    public List<ShadowSummary> all(URI relay) {
        List<ShadowSummary> all = new ArrayList<>();
        get(resolve(relay, PATH)).path("shadows").forEach(report -> all.add(ShadowSummary.read(report)));
        return all;
    }

    private JsonNode get(URI uri) {
        HttpResponse<String> response;
        try {
            response = http.send(
                    HttpRequest.newBuilder(uri).timeout(timeout).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CliException(
                    "cannot reach the relay at " + uri + ": "
                            + (e instanceof java.net.ConnectException
                                    ? "connection refused"
                                    : e.getMessage() == null ? e.toString() : e.getMessage())
                            + " (is it running, with http.enabled and this http.port? give its address with --relay)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while asking the relay at " + uri, e);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            body = null;
        }
        if (body == null || !body.isObject() || (response.statusCode() != 200 && !body.has("error"))) {
            throw new CliException("the relay at " + uri + " answered " + response.statusCode()
                    + " without a shadow report: is this a Waybill relay's HTTP address (http.host, http.port)?");
        }
        return body;
    }

    private static URI resolve(URI relay, String path) {
        String base = relay.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
