package dev.waybill.collector;

/** When {@code POST /v1/events} answers (docs/collector.md, "Guarantees"). */
public enum AckMode {
    /** After Kafka acknowledged every event of the request ({@code acks=all}); 503 when it did not in time. */
    KAFKA,
    /** After every event of the request is in the instance's bounded buffer; 503 with Retry-After when it is full. */
    BUFFERED
}
