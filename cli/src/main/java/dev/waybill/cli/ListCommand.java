package dev.waybill.cli;

import dev.waybill.contracts.RegisteredContract;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List the contract versions in the registry.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:listed", "2:usage or connection error"})
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RegistryOptions registry;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        List<RegisteredContract> rows = registry.required(spec).list();
        PrintWriter out = spec.commandLine().getOut();
        if (format.json()) {
            ContractReport.write(
                    out,
                    ContractReport.ordered(
                            "contracts",
                            rows.stream()
                                    .map(row -> ContractReport.ordered(
                                            "id",
                                            row.contractId(),
                                            "version",
                                            row.version(),
                                            "status",
                                            row.status().value(),
                                            "topic",
                                            row.topic(),
                                            "digest",
                                            row.digest(),
                                            "pushedAt",
                                            row.pushedAt().toString(),
                                            "pushedBy",
                                            row.pushedBy(),
                                            "updatedAt",
                                            row.updatedAt().toString()))
                                    .toList()));
        } else {
            String format = "%-32s %-10s %-10s %-32s %-12s %-20s %s%n";
            out.printf(format, "CONTRACT", "VERSION", "STATUS", "TOPIC", "DIGEST", "PUSHED AT", "PUSHED BY");
            for (RegisteredContract row : rows) {
                out.printf(
                        format,
                        row.contractId(),
                        row.version(),
                        row.status().value(),
                        row.topic(),
                        row.digest().substring(0, 12),
                        row.pushedAt().toString().substring(0, 19) + "Z",
                        row.pushedBy());
            }
            out.println(rows.size() + " registered contract version" + (rows.size() == 1 ? "" : "s"));
        }
        out.flush();
        return WaybillCli.OK;
    }
}
