package dev.waybill.dlq.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayNameTest {

    @Test
    void theSameFiltersGiveTheSameNameWhateverTheirOrder() {
        Map<String, List<String>> a = new LinkedHashMap<>();
        a.put("--contract", List.of("shop.order"));
        a.put("--id", List.of("b", "a"));
        a.put("--since", List.of("24h"));
        Map<String, List<String>> b = new LinkedHashMap<>();
        b.put("--since", List.of("24h"));
        b.put("--id", List.of("a", "b"));
        b.put("--contract", List.of("shop.order"));
        b.put("--reason", List.of());

        assertThat(ReplayName.derive(a))
                .isEqualTo(ReplayName.derive(b))
                .matches("waybill-dlq-replay-shop.order-" + "[0-9a-f]{12}");
    }

    @Test
    void otherFiltersGiveAnotherName() {
        String base = ReplayName.derive(Map.of("--contract", List.of("shop.order")));
        assertThat(ReplayName.derive(Map.of("--contract", List.of("shop.order"), "--version", List.of("1.2.0"))))
                .isNotEqualTo(base);
        assertThat(ReplayName.derive(Map.of("--contract", List.of("shop.order"), "--since", List.of("48h"))))
                .isNotEqualTo(
                        ReplayName.derive(Map.of("--contract", List.of("shop.order"), "--since", List.of("24h"))));
        // The same value under another option is another filter.
        assertThat(ReplayName.derive(Map.of("--reason", List.of("x"))))
                .isNotEqualTo(ReplayName.derive(Map.of("--version", List.of("x"))));
    }

    @Test
    void withoutAContractTheNameIsThePrefixAndTheHash() {
        assertThat(ReplayName.derive(Map.of())).matches("waybill-dlq-replay-[0-9a-f]{12}");
        assertThat(ReplayName.derive(Map.of("--contract", List.of("Odd Name/1"))))
                .startsWith("waybill-dlq-replay-odd_name_1-");
    }
}
