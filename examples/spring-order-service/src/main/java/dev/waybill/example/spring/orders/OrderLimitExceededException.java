package dev.waybill.example.spring.orders;

/** A customer already has as many open orders as the shop allows. */
public class OrderLimitExceededException extends RuntimeException {

    public OrderLimitExceededException(String customerEmail, long maxOpenOrders) {
        super("Customer " + customerEmail + " already has " + maxOpenOrders + " open orders");
    }
}
