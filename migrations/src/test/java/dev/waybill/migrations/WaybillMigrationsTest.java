package dev.waybill.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

class WaybillMigrationsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Waybill",
                "1schema",
                "way-bill",
                "x\"; DROP TABLE users; --",
                "a b",
                "abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefg"
            })
    void schemaThatIsNotAPlainIdentifierIsRejectedWithTheRule(String schema) {
        assertThatThrownBy(() -> WaybillMigrations.builder(new PGSimpleDataSource())
                        .schema(schema)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("schema '" + schema + "'")
                .hasMessageContaining("a-z, 0-9 and _");
    }

    @Test
    void relayRoleIsValidatedLikeEveryIdentifier() {
        assertThatThrownBy(() -> WaybillMigrations.builder(new PGSimpleDataSource())
                        .relayRole("Relay\"")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relayRole 'Relay\"'");
    }

    @Test
    void defaultsNameTheWaybillSchemaAndItsPublication() {
        WaybillMigrations migrations =
                WaybillMigrations.builder(new PGSimpleDataSource()).build();
        assertThat(migrations.schema()).isEqualTo("waybill");
        assertThat(migrations.publication()).isEqualTo("waybill_outbox");
        assertThat(migrations.relayRole()).isEmpty();
    }
}
