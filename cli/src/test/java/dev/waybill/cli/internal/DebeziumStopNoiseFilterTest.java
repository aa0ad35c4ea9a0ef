package dev.waybill.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class DebeziumStopNoiseFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    DebeziumStopNoiseFilterTest() {
        DebeziumStopNoiseFilter filter = new DebeziumStopNoiseFilter();
        filter.start();
        context.addTurboFilter(filter);
        logged.setContext(context);
        logged.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logged);
    }

    @Test
    void debeziumComplaintsAboutBeingInterruptedOrShutDownAreDropped() {
        Logger task = context.getLogger("io.debezium.connector.common.BaseSourceTask");
        Logger engine = context.getLogger("io.debezium.embedded.async.AsyncEmbeddedEngine");

        task.error("Interrupted while stopping coordinator", new InterruptedException());
        engine.warn(
                "Failure during stopping tasks, stopping them immediately. Failed with ",
                new ExecutionException(new RejectedExecutionException("executor shut down")));
        engine.error("Engine has failed with {}", "cause", new ExecutionException(new RejectedExecutionException()));

        assertThat(logged.list).isEmpty();
    }

    @Test
    void otherFailuresAndOtherLibrariesStillLog() {
        Logger task = context.getLogger("io.debezium.connector.common.BaseSourceTask");
        Logger kafka = context.getLogger("org.apache.kafka.clients.producer.KafkaProducer");

        task.error("Producer failure", new IOException("connection refused"));
        task.warn("Going to restart connector after 10 sec. after a retriable exception");
        kafka.error("Interrupted while joining ioThread", new InterruptedException());

        assertThat(logged.list)
                .extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly(
                        "Producer failure",
                        "Going to restart connector after 10 sec. after a retriable exception",
                        "Interrupted while joining ioThread");
    }
}
