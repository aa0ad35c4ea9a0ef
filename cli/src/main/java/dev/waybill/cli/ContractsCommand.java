package dev.waybill.cli;

import picocli.CommandLine.Command;

@Command(
        name = "contracts",
        mixinStandardHelpOptions = true,
        description = "Lint, check, push and list data contracts (ODCS v3.1 + JSON Schema 2020-12), and report what a"
                + " proposed version would do with live events.",
        subcommands = {
            LintCommand.class,
            CheckCommand.class,
            PushCommand.class,
            ListCommand.class,
            ShadowReportCommand.class
        })
final class ContractsCommand {}
