package dev.waybill.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DevModeTest {

    private static final String BACKEND = "WAYBILL_TESTKIT_BACKEND";

    @Test
    void embeddedServicesUnlessTheUserChoseABackend() {
        Properties none = new Properties();
        DevMode.preferEmbeddedServices(Map.of(), none);
        assertThat(none.getProperty(BACKEND)).isEqualTo("embedded");

        Properties chosenByProperty = new Properties();
        chosenByProperty.setProperty(BACKEND, "containers");
        DevMode.preferEmbeddedServices(Map.of(), chosenByProperty);
        assertThat(chosenByProperty.getProperty(BACKEND)).isEqualTo("containers");

        Properties chosenByVariable = new Properties();
        DevMode.preferEmbeddedServices(Map.of(BACKEND, "containers"), chosenByVariable);
        assertThat(chosenByVariable.getProperty(BACKEND)).isNull();
    }
}
