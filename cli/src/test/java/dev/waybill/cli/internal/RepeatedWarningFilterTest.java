package dev.waybill.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RepeatedWarningFilterTest {

    private final AtomicLong now = new AtomicLong();
    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    RepeatedWarningFilterTest() {
        RepeatedWarningFilter filter = new RepeatedWarningFilter(now::get);
        filter.setIntervalSeconds(300);
        filter.start();
        context.addTurboFilter(filter);
        logged.setContext(context);
        logged.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logged);
    }

    @Test
    void aWarningRepeatedWithinTheIntervalIsLoggedOnceAndAgainAfterIt() {
        Logger kafka = context.getLogger("org.apache.kafka.clients.NetworkClient");
        for (int i = 0; i < 30; i++) {
            kafka.warn("Connection to node {} could not be established", -1);
            now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        }
        now.addAndGet(TimeUnit.MINUTES.toNanos(5));
        kafka.warn("Connection to node {} could not be established", -1);

        assertThat(logged.list).hasSize(2);
    }

    @Test
    void otherMessagesOtherLoggersAndErrorsAreNotHeldBack() {
        Logger kafka = context.getLogger("org.apache.kafka.clients.NetworkClient");
        Logger relay = context.getLogger("dev.waybill.relay.internal.RelayRuntime");
        kafka.warn("Connection to node {} could not be established", -1);
        kafka.warn("Bootstrap broker {} disconnected", "localhost:9092");
        relay.warn("Connection to node {} could not be established", -1);
        relay.error("The capture engine stopped: {}", "boom");
        relay.error("The capture engine stopped: {}", "boom");
        relay.info("Stopped");
        relay.info("Stopped");

        assertThat(logged.list).hasSize(7);
    }
}
