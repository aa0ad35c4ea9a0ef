package dev.waybill.relay.cli;

import picocli.CommandLine.Option;

/** {@code --format}: text for people, json for CI pipelines. */
final class FormatOption {

    enum Format { text, json }

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "Output format: text (default) or json.")
    Format format;

    boolean json() {
        return format == Format.json;
    }
}
