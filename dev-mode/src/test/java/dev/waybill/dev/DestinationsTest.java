package dev.waybill.dev;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.contracts.ContractDirectory;
import dev.waybill.example.orders.Customer;
import dev.waybill.example.orders.PurchaseOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DestinationsTest {

    @TempDir
    Path dir;

    private Path renamedContracts() throws IOException {
        return renamedContracts(dir);
    }

    /** The example contracts in {@code dir}, with other topics, as a team's own contracts would have. */
    static Path renamedContracts(Path dir) throws IOException {
        Path examples = Path.of("../examples/contracts");
        try (Stream<Path> files = Files.walk(examples)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = dir.resolve(examples.relativize(file).toString());
                Files.createDirectories(copy.getParent());
                Files.writeString(
                        copy,
                        Files.readString(file)
                                .replace("orders.order-placed.v1", "shop.orders")
                                .replace("orders.order-placed.dlq", "shop.orders.rejected")
                                .replace("customers.customer-registered.dlq", "shop.customers.rejected"));
            }
        }
        return dir;
    }

    @Test
    void topicsComeFromTheContracts() throws IOException {
        Destinations destinations =
                new Destinations(ContractDirectory.at(renamedContracts()).load(), "shop.dlq");

        assertThat(destinations.topics())
                .containsExactlyInAnyOrder(
                        "shop.orders",
                        "shop.orders.rejected",
                        "customers.customer-registered.v1",
                        "shop.customers.rejected",
                        "shop.product-viewed.v1",
                        "shop.product-viewed.dlq",
                        "shop.dlq");
        assertThat(destinations.of(PurchaseOrder.class, false))
                .isEqualTo(new ShopTraffic.Expected("shop.orders", null));
        assertThat(destinations.of(PurchaseOrder.class, true))
                .isEqualTo(new ShopTraffic.Expected("shop.orders.rejected", "contract-violation"));
        assertThat(destinations.of(FrontendTraffic.CONTRACT, FrontendTraffic.VERSION, true))
                .isEqualTo(new ShopTraffic.Expected("shop.product-viewed.dlq", "contract-violation"));
    }

    @Test
    void eventsWithoutTheirContractGoToTheRelaysDeadLetterTopic() throws IOException {
        Path contracts = renamedContracts();
        try (Stream<Path> files = Files.walk(contracts.resolve("customers.customer-registered"))) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
        Destinations destinations =
                new Destinations(ContractDirectory.at(contracts).load(), "shop.dlq");

        assertThat(destinations.of(Customer.class, false))
                .isEqualTo(new ShopTraffic.Expected("shop.dlq", "unknown-contract"));
    }
}
