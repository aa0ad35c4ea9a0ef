package dev.waybill.example.spring.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.spring.boot.test.AutoConfigureWaybillTestkit;
import dev.waybill.spring.boot.test.PublishedEvent;
import dev.waybill.spring.boot.test.PublishedEvents;
import dev.waybill.testkit.TestKafka;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

/** Over HTTP, through the database and the in-process relay, to the contract's topic. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWaybillTestkit
class OrderEventsIT {

    static final String TOPIC = "orders.order-created.v1";

    @LocalServerPort
    int port;

    @Autowired
    TestKafka kafka;

    @Autowired
    JdbcTemplate jdbc;

    RestClient http;

    @BeforeEach
    void client() {
        http = RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
                .build();
    }

    @Test
    void anOrderPlacedOverHttpReachesItsTopic() {
        String email = uniqueEmail();

        ResponseEntity<Map<String, Object>> response = placeOrder(email, "EUR");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String orderId = (String) response.getBody().get("id");
        assertThat(response.getHeaders().getLocation()).hasToString("/orders/" + orderId);

        List<PublishedEvent> events = PublishedEvents.on(kafka).await(TOPIC, 1, event -> orderId.equals(event.key()));
        PublishedEvent event = events.get(0);
        assertThat(event.contract()).isEqualTo("orders.order-created");
        assertThat(event.contractVersion()).isEqualTo("1.0.0");
        assertThat(event.type()).isEqualTo("orders.order-created.created");
        assertThat(event.subject()).isEqualTo(orderId);
        assertThat(event.id()).isNotBlank();
        assertThat(event.value())
                .contains(
                        "\"orderId\": \"" + orderId + "\"",
                        "\"customerEmail\": \"" + email + "\"",
                        "\"totalCents\": 2500",
                        "\"currency\": \"EUR\"");
    }

    @Test
    void anOrderRefusedAfterItsInsertLeavesNoEvent() {
        String email = uniqueEmail();
        for (int i = 0; i < 3; i++) {
            assertThat(placeOrder(email, "EUR").getStatusCode()).isEqualTo(HttpStatus.CREATED);
        }

        // The fourth order is inserted (and its event written), then the limit check fails: all of it rolls back.
        ResponseEntity<Map<String, Object>> refused = placeOrder(email, "EUR");

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody()).containsEntry("title", "Too many open orders");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE customer_email = ?", Long.class, email))
                .isEqualTo(3L);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM waybill.outbox WHERE payload->>'customerEmail' = ?", Long.class, email))
                .isEqualTo(3L);

        // The relay publishes in commit order: once a later order's event is on the topic, a leaked fourth event
        // would be there too.
        String later = uniqueEmail();
        assertThat(placeOrder(later, "USD").getStatusCode()).isEqualTo(HttpStatus.CREATED);
        List<PublishedEvent> events = PublishedEvents.on(kafka)
                .await(
                        TOPIC,
                        4,
                        event -> event.value().contains(email) || event.value().contains(later));
        assertThat(events)
                .extracting(event -> event.value().contains(later) ? "later" : "first")
                .containsExactly("first", "first", "first", "later");
    }

    private ResponseEntity<Map<String, Object>> placeOrder(String email, String currency) {
        return http.post()
                .uri("/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of(
                        "customerEmail",
                        email,
                        "sku",
                        "SKU-42",
                        "quantity",
                        2,
                        "unitPriceCents",
                        1250,
                        "currency",
                        currency))
                .retrieve()
                .toEntity(new ParameterizedTypeReference<Map<String, Object>>() {});
    }

    static String uniqueEmail() {
        return "customer-" + UUID.randomUUID() + "@example.com";
    }
}
