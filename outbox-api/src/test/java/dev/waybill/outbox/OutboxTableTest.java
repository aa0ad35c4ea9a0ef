package dev.waybill.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OutboxTableTest {

    @Test
    void defaultIsTheMigrationsTable() {
        assertThat(OutboxTable.DEFAULT.qualifiedName()).isEqualTo("\"waybill\".\"outbox\"");
        assertThat(OutboxTable.DEFAULT).hasToString("waybill.outbox");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Outbox", "out box", "outbox\"; DROP TABLE orders; --", "9outbox", "outbox.x"})
    void identifiersThatCouldBreakOrInjectSqlAreRejected(String name) {
        assertThatThrownBy(() -> new OutboxTable("waybill", name))
                .isInstanceOf(WaybillException.class)
                .hasMessageContaining("outbox table '" + name + "' is not allowed");
        assertThatThrownBy(() -> new OutboxTable(name, "outbox"))
                .isInstanceOf(WaybillException.class)
                .hasMessageContaining("outbox schema '" + name + "' is not allowed");
    }
}
