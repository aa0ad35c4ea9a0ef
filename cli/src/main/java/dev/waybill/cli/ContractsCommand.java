package dev.waybill.cli;

import picocli.CommandLine.Command;

@Command(
        name = "contracts",
        mixinStandardHelpOptions = true,
        description = "Lint, check, push and list data contracts (ODCS v3.1 + JSON Schema 2020-12).",
        subcommands = {LintCommand.class, CheckCommand.class, PushCommand.class, ListCommand.class})
final class ContractsCommand {}
