package dev.waybill.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.outbox.OutboxEvent;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReferenceContractsTest {

    static Path resource(String name) {
        try {
            return Path.of(ReferenceContractsTest.class.getResource("/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void referenceContractsLintCleanAndLoadIntoTheModel() {
        LintReport report =
                ContractDirectory.at(resource("contracts/reference")).lint();

        assertThat(report.problems()).isEmpty();
        assertThat(report.contracts())
                .extracting(DataContract::coordinates)
                .containsExactly("orders.order-placed@1.0.0", "orders.order-placed@1.1.0");
        DataContract contract = report.contracts().get(0);
        assertThat(contract.status()).isEqualTo(ContractStatus.ACTIVE);
        assertThat(contract.name()).isEqualTo("Order placed");
        assertThat(contract.domain()).contains("orders");
        assertThat(contract.team()).contains("orders-team");
        assertThat(contract.description()).contains("Emitted exactly once when checkout commits an order.");
        assertThat(contract.topic()).isEqualTo("orders.order-placed.v1");
        assertThat(contract.deadLetterTopic()).contains("orders.order-placed.dlq");
        assertThat(contract.compatibility()).isEqualTo(Compatibility.FULL_TRANSITIVE);
        assertThat(contract.compatibilityGroup()).isEqualTo("1");
        assertThat(contract.primaryKey()).containsExactly("/orderId");
        assertThat(contract.properties())
                .extracting(ContractProperty::name)
                .containsExactly("orderId", "customerEmail", "totalAmount", "occurredAt");
        ContractProperty orderId = contract.properties().get(0);
        assertThat(orderId.required()).isTrue();
        assertThat(orderId.lineage()).containsExactly("ordersdb.public.orders.id");
        assertThat(contract.properties().get(1).isPii()).isTrue();
        assertThat(contract.latencySla()).contains(Duration.ofSeconds(5));
        assertThat(contract.errorRateSla())
                .hasValueSatisfying(rate -> assertThat(rate).isEqualTo(0.001));
        assertThat(contract.sla("retention")).hasValueSatisfying(sla -> {
            assertThat(sla.value()).isEqualTo("7");
            assertThat(sla.unit()).contains("d");
        });
        assertThat(contract.payloadSchema()).contains("\"$id\": \"contract:orders.order-placed:1.0.0\"");
    }

    @Test
    void oneLineLoadsADirectoryAndValidatesAnEvent() {
        OutboxEvent event = OutboxEvent.builder()
                .contract("orders.order-placed")
                .schemaVersion("1.0.0")
                .aggregate("order", "ORD-000001")
                .payload("{\"orderId\":\"ORD-000001\",\"totalAmount\":100,\"occurredAt\":\"2026-12-01T10:00:00Z\"}")
                .build();

        ValidationResult result =
                Contracts.load(resource("contracts/reference")).validate(event);

        assertThat(result.valid()).as(result.toString()).isTrue();
        assertThat(Contracts.load(resource("contracts/reference"))
                        .validate(
                                event.toBuilder().payload("{\"orderId\":\"x\"}").build()))
                .isInstanceOf(ValidationResult.Invalid.class);
    }
}
