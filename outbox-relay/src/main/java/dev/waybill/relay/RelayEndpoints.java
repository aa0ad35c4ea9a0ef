package dev.waybill.relay;

import java.util.List;

/**
 * The paths the relay serves on {@code http.port}, named once for what points at them from outside: probes, scrape
 * configurations, the deployment examples and the tests that keep those in step with the relay.
 */
public final class RelayEndpoints {

    /** 200 while the relay runs and nothing has failed; 503 after a fatal error. */
    public static final String LIVE = "/health/live";

    /** 200 when the relay is ready; the JSON body names each condition and its figures. */
    public static final String READY = "/health/ready";

    /** The relay's role in its stream, {@code {"role":"active"|"standby",...}}; always 200. */
    public static final String ROLE = "/health/role";

    /** Prometheus text format. */
    public static final String METRICS = "/metrics";

    /**
     * What each {@code proposed} contract version would do with the live events of the version it would replace:
     * {@code {"relay":...,"shadows":[...]}}, always 200. {@code /contracts/shadow/{contract}/{version}} answers one
     * tally, or 404 with the shadowed versions ({@code "shadowed"}).
     */
    public static final String SHADOW = "/contracts/shadow";

    private RelayEndpoints() {}

    /** The path of one proposed version's shadow tally. */
    public static String shadow(String contract, String version) {
        return SHADOW + "/" + contract + "/" + version;
    }

    /** Every path the relay serves. */
    public static List<String> all() {
        return List.of(LIVE, READY, ROLE, METRICS, SHADOW);
    }
}
