package dev.waybill.cli;

import dev.waybill.contracts.ContractDirectory;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "lint",
        mixinStandardHelpOptions = true,
        description = {
            "Check every contract file in a directory: valid ODCS v3.1, id and folder agree, semver,"
                    + " one payload JSON Schema (2020-12) that exists and agrees with the ODCS properties, a topic,"
                    + " a known status.",
            "Every problem is reported with file, line and field."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no problems", "1:problems found", "2:usage error or unreadable directory"})
final class LintCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<dir>", description = "Contract directory: one folder per contract id.")
    Path directory;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        ContractReport report =
                new ContractReport("lint", ContractDirectory.at(directory).lint());
        report.print(spec.commandLine().getOut(), format.json());
        return report.exitCode();
    }
}
