package dev.waybill.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus under {@code broken-contracts/}: each folder is a contract directory with one kind of mistake, and an
 * {@code expected.txt} listing the problems lint must report ({@code file | line | field | message fragment}).
 */
class BrokenContractsTest {

    record Expected(String file, int line, String field, String message) {
        static Expected parse(String line) {
            String[] parts = line.split(" \\| ", 4);
            return new Expected(parts[0], Integer.parseInt(parts[1]), parts[2], parts[3]);
        }
    }

    static Stream<Path> corpus() throws IOException {
        try (Stream<Path> cases = Files.list(ReferenceContractsTest.resource("broken-contracts"))) {
            return cases.filter(Files::isDirectory).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void lintReportsExactlyTheExpectedProblemsWithFileLineAndField(Path directory) throws IOException {
        List<Expected> expected = Files.readAllLines(directory.resolve("expected.txt")).stream()
                .filter(line -> !line.isBlank())
                .map(Expected::parse)
                .toList();

        LintReport report = ContractDirectory.at(directory).lint();

        assertThat(report.contracts())
                .as("no contract is loaded from a file with a problem")
                .noneMatch(contract -> report.problems().stream()
                        .anyMatch(problem -> problem.source().equals(contract.source())));
        for (Expected problem : expected) {
            assertThat(report.problems())
                    .as("%s in %s", problem, report.problems())
                    .anySatisfy(actual -> {
                        assertThat(actual.source()).endsWith(problem.file());
                        assertThat(actual.line()).isEqualTo(problem.line());
                        assertThat(actual.field()).isEqualTo(problem.field());
                        assertThat(actual.message()).contains(problem.message());
                    });
        }
        assertThat(report.problems()).as("no problem beyond the expected ones").hasSameSizeAs(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void loadingABrokenDirectoryFailsWithEveryProblemInTheMessage(Path directory) {
        assertThatThrownBy(() -> ContractDirectory.at(directory).load())
                .isInstanceOf(ContractLoadException.class)
                .satisfies(e -> {
                    ContractLoadException load = (ContractLoadException) e;
                    assertThat(load.problems()).isNotEmpty();
                    load.problems()
                            .forEach(problem -> assertThat(e.getMessage()).contains(problem.toString()));
                });
    }
}
