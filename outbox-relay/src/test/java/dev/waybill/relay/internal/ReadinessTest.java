package dev.waybill.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.waybill.relay.RelayRole;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void readyWhenEveryConditionHolds() throws Exception {
        Readiness readiness =
                new Readiness(RelayRole.ACTIVE, true, true, "waybill_orders", true, 1024, "kafka:9092", true, 3);

        assertThat(readiness.ready()).isTrue();
        JsonNode body = JSON.readTree(readiness.json());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.at("/checks/slot/lagBytes").asLong()).isEqualTo(1024);
        assertThat(body.at("/checks/contracts/versions").asInt()).isEqualTo(3);
    }

    @Test
    void reportNamesTheConditionThatFailsWithItsFigures() throws Exception {
        JsonNode slotTaken = JSON.readTree(
                new Readiness(RelayRole.ACTIVE, true, true, "waybill_orders", false, 52_428_800, "kafka:9092", true, 3)
                        .json());
        JsonNode kafkaAway = JSON.readTree(
                new Readiness(RelayRole.ACTIVE, true, true, "waybill_orders", true, 0, "kafka:9092", false, 3).json());
        JsonNode engineFailed = JSON.readTree(
                new Readiness(RelayRole.ACTIVE, false, false, "waybill_orders", false, -1, "kafka:9092", true, 3)
                        .json());

        assertThat(slotTaken.get("status").asText()).isEqualTo("DOWN");
        assertThat(slotTaken.at("/checks/slot/status").asText()).isEqualTo("DOWN");
        assertThat(slotTaken.at("/checks/slot/active").asBoolean()).isFalse();
        assertThat(slotTaken.at("/checks/slot/lagBytes").asLong()).isEqualTo(52_428_800);
        assertThat(slotTaken.at("/checks/kafka/status").asText()).isEqualTo("UP");
        assertThat(kafkaAway.at("/checks/kafka/status").asText()).isEqualTo("DOWN");
        assertThat(kafkaAway.at("/checks/kafka/bootstrapServers").asText()).isEqualTo("kafka:9092");
        assertThat(kafkaAway.at("/checks/slot/status").asText()).isEqualTo("UP");
        assertThat(engineFailed.at("/checks/engine/status").asText()).isEqualTo("DOWN");
        assertThat(engineFailed.at("/checks/engine/failed").asBoolean()).isTrue();
    }

    @Test
    void standbyIsReadyWhileItRunsAndSaysItIsStandby() throws Exception {
        Readiness waiting =
                new Readiness(RelayRole.STANDBY, true, false, "waybill_orders", true, 0, "kafka:9092", false, 3);
        Readiness failed =
                new Readiness(RelayRole.STANDBY, false, false, "waybill_orders", true, 0, "kafka:9092", true, 3);

        assertThat(waiting.ready()).isTrue();
        JsonNode body = JSON.readTree(waiting.json());
        assertThat(body.get("status").asText()).isEqualTo("UP");
        assertThat(body.get("role").asText()).isEqualTo("standby");
        assertThat(body.at("/checks/engine").isMissingNode()).isTrue();
        assertThat(body.at("/checks/kafka/status").asText()).isEqualTo("DOWN");
        assertThat(failed.ready()).isFalse();
    }

    @Test
    void activeRelayThatCannotStreamIsNotReady() throws Exception {
        Readiness notStreaming =
                new Readiness(RelayRole.ACTIVE, true, false, "waybill_orders", false, 0, "kafka:9092", true, 3);

        assertThat(notStreaming.ready()).isFalse();
        JsonNode body = JSON.readTree(notStreaming.json());
        assertThat(body.get("role").asText()).isEqualTo("active");
        assertThat(body.at("/checks/engine/status").asText()).isEqualTo("DOWN");
    }
}
