package dev.waybill.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.waybill.contracts.DeadLetterReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The reasons table users read is the enum every deployment routes with: this fails when they differ. */
class DeadLetterReasonsDocTest {

    private static final String BEGIN = "<!-- dead-letter-reasons:begin (generated from DeadLetterReason) -->\n";
    private static final String END = "<!-- dead-letter-reasons:end -->";

    @Test
    void reasonsTableInRelayDocsListsEveryReasonWithItsMeaning() throws IOException {
        String docs = Files.readString(Path.of("../docs/relay.md"));
        int begin = docs.indexOf(BEGIN);
        int end = docs.indexOf(END);
        assertThat(begin)
                .as("docs/relay.md has the markers " + BEGIN.strip() + " ... " + END)
                .isPositive();
        assertThat(end).isGreaterThan(begin);

        assertThat(docs.substring(begin + BEGIN.length(), end))
                .as("docs/relay.md's dead-letter reasons; replace the table with this one")
                .isEqualTo(table());
    }

    static String table() {
        return "| reason | when |\n|---|---|\n"
                + Arrays.stream(DeadLetterReason.values())
                        .map(reason -> "| `" + reason.code() + "` | " + reason.meaning() + " |\n")
                        .collect(Collectors.joining());
    }
}
