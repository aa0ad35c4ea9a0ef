package dev.waybill.relay.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.waybill.relay.RelayRole;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What readiness depends on, with the live figures an operator needs to see which condition fails and why: the
 * capture engine, the replication slot, Kafka, the contracts. A standby is ready while it runs: it is a sidecar, and
 * a relay waiting its turn must not take its pod out of rotation. It reports Kafka and the contracts for information
 * (it needs them when it takes over); the engine and the slot are the active relay's.
 *
 * @param slotLagBytes WAL the slot holds back, {@code -1} when the slot is missing or its state unknown
 * @param contractVersions contract versions in the catalog in force
 */
record Readiness(
        RelayRole role,
        boolean live,
        boolean engineRunning,
        String slot,
        boolean slotActive,
        long slotLagBytes,
        String kafka,
        boolean kafkaReachable,
        int contractVersions) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    boolean ready() {
        if (role == RelayRole.STANDBY) {
            return live;
        }
        return live && engineRunning && slotActive && kafkaReachable && contractVersions >= 0;
    }

    /** The body of {@code /health/ready}: the overall status, then each condition's. */
    String json() {
        Map<String, Object> checks = new LinkedHashMap<>();
        if (role == RelayRole.ACTIVE) {
            checks.put("engine", check(live && engineRunning, "running", engineRunning, "failed", !live));
            checks.put("slot", check(slotActive, "name", slot, "active", slotActive, "lagBytes", slotLagBytes));
        }
        checks.put("kafka", check(kafkaReachable, "bootstrapServers", kafka, "reachable", kafkaReachable));
        checks.put("contracts", check(contractVersions >= 0, "versions", contractVersions));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status(ready()));
        body.put("role", role.value());
        body.put("checks", checks);
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // strings, numbers and booleans always serialise
        }
    }

    private static Map<String, Object> check(boolean up, Object... figures) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("status", status(up));
        for (int i = 0; i < figures.length; i += 2) {
            check.put((String) figures[i], figures[i + 1]);
        }
        return check;
    }

    private static String status(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
