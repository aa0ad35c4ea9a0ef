package dev.waybill.jpa.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.waybill.jpa.OutboxSettings;
import dev.waybill.outbox.OutboxTable;
import dev.waybill.outbox.OutboxWriter;
import dev.waybill.outbox.WaybillException;
import dev.waybill.outbox.WriteMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxConfigTest {

    @Test
    void writeModeComesFromAVariableAShellCanSet() {
        OutboxConfig config = OutboxConfig.from(
                Map.of(OutboxSettings.WRITE_MODE, "table"), Map.of("WAYBILL_OUTBOX_WRITE_MODE", "message"));

        assertThat(config.writer().mode()).isEqualTo(WriteMode.MESSAGE);
    }

    @Test
    void propertiesApplyWhenNoVariableIsSet() {
        OutboxConfig config = OutboxConfig.from(Map.of(OutboxSettings.WRITE_MODE, "message"), Map.of());

        assertThat(config.writer().mode()).isEqualTo(WriteMode.MESSAGE);
    }

    @Test
    void aWriterHandedOverByAFrameworkIsTheOneUsed() {
        OutboxWriter writer =
                OutboxWriter.forTable(new OutboxTable("events", "outbox")).withMode(WriteMode.MESSAGE);

        OutboxConfig config = OutboxConfig.from(Map.of(OutboxSettings.WRITER, writer), Map.of());

        assertThat(config.writer()).isSameAs(writer);
    }

    @Test
    void aWriterSettingThatIsNotAWriterStopsStartUp() {
        assertThatThrownBy(() -> OutboxConfig.from(Map.of(OutboxSettings.WRITER, "table"), Map.of()))
                .isInstanceOf(WaybillException.class)
                .hasMessageContaining(
                        OutboxSettings.WRITER + " must be an OutboxWriter instance, not java.lang.String");
    }
}
