package dev.waybill.cli;

import picocli.CommandLine.Option;

/** {@code --format}: text for people, json for CI pipelines. A picocli {@code @Mixin} for extensions too. */
public final class FormatOption {

    enum Format {
        text,
        json
    }

    @Option(
            names = "--format",
            defaultValue = "text",
            paramLabel = "text|json",
            description = "Output format: text (default) or json.")
    Format format;

    public boolean json() {
        return format == Format.json;
    }
}
