package com.example.shop;

import dev.waybill.outbox.OutboxEvent;
import dev.waybill.outbox.OutboxWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

public final class Checkout {

    private final DataSource dataSource;
    private final OutboxWriter outbox = OutboxWriter.create(); // thread-safe: share it

    public Checkout(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void placeOrder(String orderId, long totalAmount) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert =
                    connection.prepareStatement("INSERT INTO orders (id, total_amount) VALUES (?, ?)")) {
                insert.setString(1, orderId);
                insert.setLong(2, totalAmount);
                insert.executeUpdate(); // the business write
            }
            outbox.write(connection, OutboxEvent.builder()
                    .contract("orders.order-placed")
                    .schemaVersion("1.0.0")
                    .aggregate("order", orderId)
                    .payload("""
                            {"orderId":"%s","totalAmount":%d,"occurredAt":"%s"}"""
                            .formatted(orderId, totalAmount, Instant.now()))
                    .build());
            connection.commit(); // the order and its event, or neither
        }
    }
}
