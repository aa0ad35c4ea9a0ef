package dev.waybill.relay.internal;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.waybill.relay.RelayEndpoints;
import dev.waybill.routing.ShadowReport;
import dev.waybill.routing.ShadowTally;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /contracts/shadow} (every tally) and {@code GET /contracts/shadow/{contract}/{version}} (one, or 404 with
 * the versions that are shadowed): what each proposed contract version would do with this relay's live events.
 */
final class ShadowEndpoint {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A status and its JSON body. */
    record Response(int status, String json) {}

    private final ShadowTally shadows;
    private final String relay;

    ShadowEndpoint(ShadowTally shadows, String relay) {
        this.shadows = shadows;
        this.relay = relay;
    }

    Response answer(String path) {
        String rest = path.substring(Math.min(path.length(), RelayEndpoints.SHADOW.length()));
        if (rest.isEmpty() || rest.equals("/")) {
            ObjectNode body = JSON.createObjectNode().put("relay", relay);
            ArrayNode all = body.putArray("shadows");
            shadows.reports().forEach(report -> all.add(json(report)));
            return new Response(200, body.toString());
        }
        String[] parts = rest.substring(1).split("/", -1);
        Optional<ShadowReport> report = parts.length == 2 && rest.startsWith("/")
                ? shadows.report(decode(parts[0]), decode(parts[1]))
                : Optional.empty();
        if (report.isPresent()) {
            return new Response(200, json(report.get()).put("relay", relay).toString());
        }
        List<String> known = shadows.reports().stream()
                .map(one -> one.contract() + " " + one.version())
                .toList();
        ObjectNode body = JSON.createObjectNode()
                .put(
                        "error",
                        parts.length == 2
                                ? "relay '" + relay + "' does not check " + decode(parts[0]) + " " + decode(parts[1])
                                        + " in shadow: it is not a proposed version with an active or deprecated "
                                        + "version below it in its compatibility group in this relay's contracts"
                                : "ask for " + RelayEndpoints.SHADOW + "/{contract}/{version}, not " + path)
                .put("relay", relay);
        ArrayNode shadowed = body.putArray("shadowed");
        known.forEach(shadowed::add);
        return new Response(404, body.toString());
    }

    private static ObjectNode json(ShadowReport report) {
        ObjectNode node = JSON.createObjectNode()
                .put("contract", report.contract())
                .put("version", report.version())
                .put("status", "proposed")
                .put("shadowedVersion", report.shadowedVersion())
                .put("since", report.since().toString())
                .put("checked", report.checked())
                .put("wouldPass", report.wouldPass())
                .put("wouldFail", report.wouldFail())
                .put("alreadyRejected", report.alreadyRejected())
                .put("rejectPercent", report.rejectPercent());
        ObjectNode reasons = node.putObject("reasons");
        report.reasons().forEach(reasons::put);
        ArrayNode pointers = node.putArray("pointers");
        report.pointers()
                .forEach(pointer ->
                        pointers.addObject().put("pointer", pointer.pointer()).put("count", pointer.count()));
        node.put("pointersExact", report.pointersExact());
        ArrayNode samples = node.putArray("sampleEventIds");
        report.sampleEventIds().forEach(samples::add);
        return node;
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }
}
