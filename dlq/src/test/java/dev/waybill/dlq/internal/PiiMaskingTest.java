package dev.waybill.dlq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.waybill.contracts.ContractCatalog;
import dev.waybill.contracts.ContractDirectory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PiiMaskingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ContractCatalog CATALOG =
            ContractDirectory.at(Path.of("src/test/resources/contracts")).load();
    private static final String PAYLOAD = "{\"orderId\":\"ORD-1\",\"customer\":{\"email\":\"ann@example.com\","
            + "\"tier\":\"gold\"},\"phone\":\"+4930123\",\"lines\":[{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B-2\","
            + "\"qty\":1}]}";

    @Test
    void nestedAndArrayItemPropertiesAreMaskedInEveryItem() throws Exception {
        PiiMasking.Plan plan = PiiMasking.plan(Optional.of(CATALOG), "shop.order", "1.0.0");

        assertThat(plan.paths()).contains(Set.of("/customer/email", "/lines/sku"));
        assertThat(plan.explanation()).isEqualTo("pii properties of shop.order@1.0.0");
        JsonNode masked = PiiMasking.mask(JSON.readTree(PAYLOAD), plan.paths().orElseThrow());
        assertThat(JSON.writeValueAsString(masked))
                .isEqualTo(
                        "{\"orderId\":\"ORD-1\",\"customer\":{\"email\":\"***\",\"tier\":\"gold\"},"
                                + "\"phone\":\"+4930123\",\"lines\":[{\"sku\":\"***\",\"qty\":2},{\"sku\":\"***\",\"qty\":1}]}");
    }

    @Test
    void anUnknownVersionIsMaskedWithThePiiOfEveryKnownVersion() throws Exception {
        PiiMasking.Plan plan = PiiMasking.plan(Optional.of(CATALOG), "shop.order", "1.2.0");

        assertThat(plan.paths()).contains(Set.of("/customer/email", "/lines/sku", "/phone"));
        assertThat(plan.explanation())
                .isEqualTo("version 1.2.0 is unknown: pii properties of every known version of shop.order (1.0.0,"
                        + " 1.1.0)");
        assertThat(JSON.writeValueAsString(
                        PiiMasking.mask(JSON.readTree(PAYLOAD), plan.paths().orElseThrow())))
                .doesNotContain("ann@example.com", "+4930123", "A-1", "B-2")
                .contains("\"tier\":\"gold\"", "\"qty\":2");
    }

    @Test
    void aWholeObjectOrArrayUnderAPiiPathIsMasked() throws Exception {
        JsonNode masked = PiiMasking.mask(
                JSON.readTree("{\"customer\":{\"email\":[\"a@x\",\"b@x\"]},\"a/b\":{\"c\":1}}"),
                Set.of("/customer/email", "/a~1b"));
        assertThat(JSON.writeValueAsString(masked)).isEqualTo("{\"customer\":{\"email\":\"***\"},\"a/b\":\"***\"}");
    }

    @Test
    void withoutTheContractMaskingCannotBeApplied() {
        assertThat(PiiMasking.plan(Optional.of(CATALOG), "shop.nope", "1.0.0"))
                .isEqualTo(new PiiMasking.Plan(Optional.empty(), "contract 'shop.nope' is not in the contracts given"));
        assertThat(PiiMasking.plan(Optional.empty(), "shop.order", "1.0.0").possible())
                .isFalse();
        assertThat(PiiMasking.plan(Optional.of(CATALOG), null, null).explanation())
                .isEqualTo("the record names no contract");
    }
}
