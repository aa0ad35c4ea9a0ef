package dev.waybill.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemanticVersionTest {

    @Test
    void parsesEveryPart() {
        assertThat(SemanticVersion.parse("1.2.3-rc.1+build.5"))
                .isEqualTo(new SemanticVersion(1, 2, 3, "rc.1", "build.5"));
        assertThat(SemanticVersion.parse("10.0.0")).hasToString("10.0.0");
    }

    @Test
    void ordersBySemverPrecedence() {
        // The example from semver.org, rule 11.
        List<String> expected = List.of(
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0",
                "1.0.1",
                "1.2.0",
                "1.10.0",
                "2.0.0");
        List<SemanticVersion> shuffled =
                new ArrayList<>(expected.stream().map(SemanticVersion::parse).toList());
        Collections.reverse(shuffled);
        Collections.sort(shuffled);
        assertThat(shuffled).extracting(SemanticVersion::toString).containsExactlyElementsOf(expected);
    }

    @Test
    void rejectsWhatIsNotSemverWithTheExpectedForm() {
        assertThatThrownBy(() -> SemanticVersion.parse("1.0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'1.0' is not a semantic version (MAJOR.MINOR.PATCH, for example 1.0.0)");
        assertThat(SemanticVersion.isValid(null)).isFalse();
    }
}
