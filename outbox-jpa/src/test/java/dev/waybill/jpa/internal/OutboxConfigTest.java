package dev.waybill.jpa.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.jpa.OutboxSettings;
import dev.waybill.outbox.WriteMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxConfigTest {

    @Test
    void writeModeComesFromAVariableAShellCanSet() {
        OutboxConfig config = OutboxConfig.from(
                Map.of(OutboxSettings.WRITE_MODE, "table"), Map.of("WAYBILL_OUTBOX_WRITE_MODE", "message"));

        assertThat(config.mode()).isEqualTo(WriteMode.MESSAGE);
    }

    @Test
    void propertiesApplyWhenNoVariableIsSet() {
        OutboxConfig config = OutboxConfig.from(Map.of(OutboxSettings.WRITE_MODE, "message"), Map.of());

        assertThat(config.mode()).isEqualTo(WriteMode.MESSAGE);
    }
}
