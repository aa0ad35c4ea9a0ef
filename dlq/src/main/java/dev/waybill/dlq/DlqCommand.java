package dev.waybill.dlq;

import picocli.CommandLine.Command;

@Command(
        name = "dlq",
        mixinStandardHelpOptions = true,
        description = {
            "Dead letters: what was dead-lettered and why (summary), one of them with its pii values masked (show),"
                    + " and publishing those that pass the current contracts to their topic, exactly once (replay).",
            "Every command reads its topics up to the end offsets it saw at start."
        },
        subcommands = {SummaryCommand.class, ShowCommand.class, ReplayCommand.class})
final class DlqCommand {}
