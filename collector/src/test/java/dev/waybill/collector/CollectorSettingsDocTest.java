package dev.waybill.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The settings table in docs/collector.md is the one {@link CollectorSettings} declares. */
class CollectorSettingsDocTest {

    private static final Path DOCS = Path.of("../docs/collector.md");
    private static final String BEGIN = "<!-- settings:begin (generated from CollectorSettings) -->\n";
    private static final String END = "<!-- settings:end -->";

    @Test
    void docsListEverySettingAsDeclared() throws IOException {
        String docs = Files.readString(DOCS);
        int begin = docs.indexOf(BEGIN);
        int end = docs.indexOf(END);
        assertThat(begin).as("%s has the marker %s", DOCS, BEGIN.strip()).isNotNegative();
        assertThat(end).as("%s has the marker %s", DOCS, END).isGreaterThan(begin);
        assertThat(docs.substring(begin + BEGIN.length(), end))
                .as("the settings table in docs/collector.md; paste the expected one between the markers")
                .isEqualTo(CollectorSettings.markdownTable());
    }
}
