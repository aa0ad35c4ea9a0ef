package dev.waybill.spring.boot.autoconfigure;

import dev.waybill.outbox.WaybillException;
import dev.waybill.relay.Relay;
import dev.waybill.relay.RelayRole;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The in-process relay's health ({@code waybillRelay}): its role, whether it is live and ready. A standby is {@code
 * UP} (it waits, as it should); an active relay is {@code UP} when ready (streaming, Kafka reachable), else {@code
 * DOWN}; a relay that stopped by itself is {@code DOWN} with the reason.
 */
class WaybillRelayHealthIndicator implements HealthIndicator {

    private final WaybillRelay lifecycle;

    WaybillRelayHealthIndicator(WaybillRelay lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public Health health() {
        Relay relay = lifecycle.relay();
        String name = lifecycle.config().relay().name();
        if (relay == null) {
            return Health.outOfService()
                    .withDetail("relay", name)
                    .withDetail("state", "not running")
                    .build();
        }
        RelayRole role = relay.role();
        boolean live = relay.live();
        boolean ready = relay.ready();
        Status status = live && (role == RelayRole.STANDBY || ready) ? Status.UP : Status.DOWN;
        Health.Builder health = Health.status(status)
                .withDetail("relay", name)
                .withDetail("instance", lifecycle.config().relay().instance())
                .withDetail("role", role.value())
                .withDetail("live", live)
                .withDetail("ready", ready);
        WaybillException failure = relay.failure();
        if (failure != null) {
            health.withDetail("failure", failure.getMessage());
        }
        return health.build();
    }
}
