package dev.waybill.relay.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.outbox.WaybillException;
import dev.waybill.relay.RelayException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class RelayFailureTest {

    @Test
    void relaysOwnFailureInsideTheEnginesWrappersIsReportedAsItIs() {
        RelayException refused = new RelayException("Kafka refused event 1 for topic t: not authorized");
        Throwable wrapped = new RuntimeException(
                "io.debezium.DebeziumException: wrapper", new IllegalStateException("engine", refused));

        WaybillException failure = RelayFailure.explain("Connector stopped", wrapped);

        assertThat(failure).isSameAs(refused);
    }

    @Test
    void foreignFailureIsNamedByItsInnermostCauseInOneLine() {
        Throwable wrapped = new RuntimeException("wrapper", new SQLException("connection refused"));

        WaybillException failure = RelayFailure.explain("Connector stopped", wrapped);

        assertThat(failure).isInstanceOf(RelayException.class).hasCause(wrapped);
        assertThat(failure.getMessage())
                .startsWith("The capture engine stopped: SQLException: connection refused")
                .doesNotContain("\n");
    }

    @Test
    void failureWithoutAnExceptionKeepsTheEnginesMessage() {
        assertThat(RelayFailure.explain("Connector stopped", null).getMessage())
                .isEqualTo("The capture engine stopped: Connector stopped");
    }
}
