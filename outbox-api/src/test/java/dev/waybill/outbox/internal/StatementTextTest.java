package dev.waybill.outbox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StatementTextTest {

    @Test
    void countsPlaceholders() {
        assertThat(StatementText.placeholders("UPDATE orders SET status = ? WHERE id = ?"))
                .hasValue(2);
        assertThat(StatementText.placeholders("DELETE FROM orders")).hasValue(0);
        assertThat(StatementText.placeholders("INSERT INTO t (a,b) VALUES (?,?)"))
                .hasValue(2);
    }

    @Test
    void placeholdersInStringsIdentifiersAndCommentsDoNotCount() {
        assertThat(StatementText.placeholders("UPDATE t SET note = 'why?' WHERE id = ?"))
                .hasValue(1);
        assertThat(StatementText.placeholders("UPDATE t SET note = 'it''s ?' WHERE id = ?"))
                .hasValue(1);
        assertThat(StatementText.placeholders("UPDATE t SET note = E'\\' ?' WHERE id = ?"))
                .hasValue(1);
        assertThat(StatementText.placeholders("UPDATE \"what?\" SET a = ?")).hasValue(1);
        assertThat(StatementText.placeholders("UPDATE t SET a = ? -- and b = ?\n WHERE id = ?"))
                .hasValue(2);
        assertThat(StatementText.placeholders("UPDATE t /* a = ? /* nested ? */ still ? */ SET a = ?"))
                .hasValue(1);
        assertThat(StatementText.placeholders("UPDATE t SET a = $body$ ? ; $body$, b = $$?$$, c = ?"))
                .hasValue(1);
        assertThat(StatementText.placeholders("UPDATE t SET a = ? -- trailing comment ?"))
                .hasValue(1);
    }

    @Test
    void theDriversEscapedQuestionMarkIsAnOperatorNotAPlaceholder() {
        assertThat(StatementText.placeholders("UPDATE t SET a = ? WHERE tags ?? 'x'"))
                .hasValue(1);
    }

    @Test
    void dollarSignsThatOpenNoQuoteAreOrdinary() {
        assertThat(StatementText.placeholders("UPDATE t$1 SET a$b = ?")).hasValue(1);
        assertThat(StatementText.placeholders("UPDATE t SET a = ? WHERE b = $1"))
                .hasValue(1);
    }

    @Test
    void aSecondStatementOrAnUnterminatedPartIsRefused() {
        assertThat(StatementText.placeholders("UPDATE t SET a = ?; DELETE FROM t"))
                .isEmpty();
        assertThat(StatementText.placeholders("UPDATE t SET a = ?;")).isEmpty();
        assertThat(StatementText.placeholders("UPDATE t SET a = 'open")).isEmpty();
        assertThat(StatementText.placeholders("UPDATE \"open SET a = ?")).isEmpty();
        assertThat(StatementText.placeholders("UPDATE t SET a = ? /* open")).isEmpty();
        assertThat(StatementText.placeholders("UPDATE t SET a = ? /* /* nested */ open"))
                .isEmpty();
        assertThat(StatementText.placeholders("UPDATE t SET a = $x$ open")).isEmpty();
    }

    @Test
    void semicolonsInsideStringsAndCommentsAreText() {
        assertThat(StatementText.placeholders("UPDATE t SET a = ';' /* ; */ WHERE b = ? -- ;"))
                .hasValue(1);
    }
}
