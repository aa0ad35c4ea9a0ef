package dev.waybill.dev;

import dev.waybill.example.orders.Customer;
import dev.waybill.example.orders.OrderService;
import dev.waybill.example.orders.PurchaseOrder;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drives the example shop: registers customers and places orders, about one in eight of them deliberately
 * breaking the order contract (a refund making the total negative, or a sales channel the contract does not know).
 * Remembers where each event should end up, so dev mode can check that it did.
 */
final class ShopTraffic {

    /** Where an event should land: its topic, and the dead-letter reason if it breaks its contract. */
    record Expected(String topic, String reason) {}

    private static final List<String> CHANNELS = List.of("web", "app", "store");
    private static final String[] SKUS = {"SKU-TEA", "SKU-MUG", "SKU-KETTLE", "SKU-CUP"};

    private final OrderService shop;
    private final Destinations destinations;
    private final Random random = new Random(42);
    private final Map<String, Expected> expected = new ConcurrentHashMap<>();
    private final List<Long> customers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int written;
    private int breaking;

    ShopTraffic(OrderService shop, Destinations destinations) {
        this.shop = shop;
        this.destinations = destinations;
    }

    /** Writes one business transaction, and with it one outbox event. */
    void next() {
        if (customers.isEmpty() || random.nextInt(4) == 0) {
            int n = customers.size() + 1;
            Customer customer = shop.registerCustomer("customer" + n + "@example.com", n % 3 == 0 ? null : "C" + n);
            customers.add(customer.getId());
            expected.put(String.format("CUS-%06d", customer.getId()), destinations.of(Customer.class, false));
        } else {
            long customer = customers.get(random.nextInt(customers.size()));
            boolean broken = random.nextInt(8) == 0;
            boolean unknownChannel = broken && random.nextBoolean();
            String channel = unknownChannel ? "fax" : CHANNELS.get(random.nextInt(CHANNELS.size()));
            List<OrderService.Item> items = new java.util.ArrayList<>();
            for (int i = 0; i <= random.nextInt(3); i++) {
                items.add(new OrderService.Item(
                        SKUS[random.nextInt(SKUS.length)], 1 + random.nextInt(3), 199 + random.nextInt(2000)));
            }
            if (broken && !unknownChannel) {
                items.add(new OrderService.Item("REFUND", 1, -1_000_000));
            }
            PurchaseOrder order = shop.placeOrder(customer, channel, items);
            expected.put(String.format("ORD-%06d", order.getId()), destinations.of(PurchaseOrder.class, broken));
            if (broken) {
                breaking++;
            }
        }
        written++;
    }

    int written() {
        return written;
    }

    int breaking() {
        return breaking;
    }

    Map<String, Expected> expected() {
        return expected;
    }
}
