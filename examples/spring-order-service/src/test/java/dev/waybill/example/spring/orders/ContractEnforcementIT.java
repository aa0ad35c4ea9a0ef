package dev.waybill.example.spring.orders;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.spring.boot.test.AutoConfigureWaybillTestkit;
import java.util.List;
import java.util.Map;
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

/**
 * {@code waybill.outbox.validation=enforce}: an order whose event would break its contract is refused in the
 * transaction, with a body that says which contract and which field. Same configuration as {@link OrderEventsIT}: the
 * two share one application context.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureWaybillTestkit
class ContractEnforcementIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anOrderWhoseEventBreaksItsContractIsRefusedWithTheContractAndTheField() {
        String email = OrderEventsIT.uniqueEmail();
        RestClient http = RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
                .build();

        // The service takes any currency code; the contract allows the three finance reports in.
        ResponseEntity<Map<String, Object>> response = http.post()
                .uri("/orders")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of(
                        "customerEmail",
                        email,
                        "sku",
                        "SKU-7",
                        "quantity",
                        1,
                        "unitPriceCents",
                        900,
                        "currency",
                        "JPY"))
                .retrieve()
                .toEntity(new ParameterizedTypeReference<Map<String, Object>>() {});

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody())
                .containsEntry("status", 422)
                .containsEntry("contract", "orders.order-created")
                .containsEntry("version", "1.0.0");
        assertThat((List<?>) response.getBody().get("violations"))
                .singleElement()
                .asString()
                .startsWith("/currency enum");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE customer_email = ?", Long.class, email))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM waybill.outbox WHERE payload->>'customerEmail' = ?", Long.class, email))
                .isZero();
    }
}
