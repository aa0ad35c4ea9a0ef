package dev.waybill.cli;

import dev.waybill.contracts.CompatibilityCheck;
import dev.waybill.contracts.ContractDirectory;
import dev.waybill.contracts.ConversionCheck;
import dev.waybill.contracts.DataContract;
import dev.waybill.contracts.LintReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Lint a contract directory, then check that the versions of each contract relate as their"
                    + " numbers promise (FULL_TRANSITIVE within a major version; a breaking change needs a new major"
                    + " and a new topic).",
            "Each declared downConversion is run on example payloads generated from its version's schema (minimal,"
                    + " full, every enum value), and what it yields is validated against the target version.",
            "With --registry, the registered versions take part too."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no problems", "1:problems found", "2:usage or connection error"})
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "<dir>", description = "Contract directory: one folder per contract id.")
    Path directory;

    @Mixin
    RegistryOptions registry;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        List<DataContract> registered =
                registry.present() ? registry.registry().catalog().contracts() : List.of();
        LintReport lint = ContractDirectory.at(directory).lint(registered);
        List<DataContract> versions = new ArrayList<>(lint.contracts());
        Set<String> local = new HashSet<>();
        versions.forEach(contract -> local.add(contract.coordinates()));
        registered.stream()
                .filter(contract -> !local.contains(contract.coordinates()))
                .forEach(versions::add);
        ContractReport report = new ContractReport("check", lint)
                .compatibility(CompatibilityCheck.check(versions))
                .conversions(ConversionCheck.check(versions));
        report.print(spec.commandLine().getOut(), format.json());
        return report.exitCode();
    }
}
