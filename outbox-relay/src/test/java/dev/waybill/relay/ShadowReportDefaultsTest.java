package dev.waybill.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.cli.ShadowReports;
import org.junit.jupiter.api.Test;

/** {@code waybill contracts shadow-report} (in cli, which knows nothing of the relay) asks where the relay answers. */
class ShadowReportDefaultsTest {

    @Test
    void theCommandLineAsksTheRelaysDefaultAddressAndPath() {
        assertThat(ShadowReports.DEFAULT_RELAY)
                .isEqualTo("http://localhost:"
                        + RelaySettings.HTTP_PORT.defaultText().orElseThrow());
        assertThat(ShadowReports.PATH).isEqualTo(RelayEndpoints.SHADOW);
        assertThat(RelayEndpoints.shadow("orders.order-placed", "1.2.0"))
                .isEqualTo(ShadowReports.PATH + "/orders.order-placed/1.2.0");
    }
}
