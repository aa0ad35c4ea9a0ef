package dev.waybill.cli;

import dev.waybill.contracts.ContractDirectory;
import dev.waybill.contracts.ContractRegistry;
import dev.waybill.contracts.LintReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "push",
        mixinStandardHelpOptions = true,
        description = {
            "Lint a contract directory and push its versions to the registry, all or nothing.",
            "Registered versions are immutable: the same content again is a no-op, different content is refused,"
                    + " and only the status may move forward (draft, active, deprecated, retired).",
            "New versions are checked for compatibility against everything already registered."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:pushed (or nothing to push)",
            "1:problems found, nothing pushed",
            "2:usage or connection error"
        })
final class PushCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<dir>", description = "Contract directory: one folder per contract id.")
    Path directory;

    @Mixin
    RegistryOptions registry;

    @Option(
            names = "--pushed-by",
            paramLabel = "<who>",
            defaultValue = "${env:WAYBILL_PUSHED_BY}",
            description = "Recorded with new versions (default: $WAYBILL_PUSHED_BY, else the database user).")
    String pushedBy;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        ContractRegistry target = registry.required(spec);
        // Registered versions take part in the checks across versions (a downConversion's target may be one).
        LintReport lint = ContractDirectory.at(directory).lint(target.catalog().contracts());
        ContractReport report = new ContractReport("push", lint);
        if (lint.ok()) {
            report.push(target.push(lint.contracts(), pushedBy));
        }
        report.print(spec.commandLine().getOut(), format.json());
        return report.exitCode();
    }
}
