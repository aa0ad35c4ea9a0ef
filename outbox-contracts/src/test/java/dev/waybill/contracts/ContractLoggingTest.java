package dev.waybill.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.waybill.outbox.OutboxEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Loading correct contracts and validating events puts nothing at WARN into a service's logs. */
class ContractLoggingTest {

    @Test
    void correctContractsAreLoadedAndUsedWithoutAWarning() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        root.addAppender(events);
        try {
            ContractCatalog catalog = Contracts.load(ReferenceContractsTest.resource("contracts/reference"));
            ContractDirectory.at(ReferenceContractsTest.resource("contracts/reference"))
                    .lint();
            ValidationResult result = catalog.validate(OutboxEvent.builder()
                    .contract("orders.order-placed")
                    .schemaVersion("1.1.0")
                    .aggregate("order", "ORD-000001")
                    .payload("{\"orderId\":\"ORD-000001\",\"totalAmount\":100,\"occurredAt\":\"2026-12-01T10:00:00Z\"}")
                    .build());

            assertThat(result.valid()).as(result.toString()).isTrue();
        } finally {
            root.detachAppender(events);
        }
        assertThat(events.list)
                .filteredOn(event -> event.getLevel().isGreaterOrEqual(Level.WARN))
                .extracting(ILoggingEvent::getFormattedMessage)
                .isEmpty();
    }
}
