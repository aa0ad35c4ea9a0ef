package dev.waybill.contracts.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.JsltException;
import com.schibsted.spt.data.jslt.Parser;
import dev.waybill.contracts.ContractProblem;
import dev.waybill.contracts.DataContract;
import dev.waybill.contracts.DownConversion;
import dev.waybill.outbox.SemanticVersion;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code downConversion} custom property: reading and checking it in one contract file, compiling its JSLT
 * expression, and the checks that need the other versions of the contract (the target exists, on another topic).
 */
public final class DownConversions {

    public static final String PROPERTY = "downConversion";

    private static final Set<String> KEYS = Set.of("toVersion", "jslt");

    private DownConversions() {}

    /**
     * Compiles a conversion's expression. Imports are refused: a conversion is one self-contained expression, and
     * resolving them would read whatever the relay's class path holds.
     *
     * @throws JsltException with the line and column in the expression where it breaks
     */
    public static Expression compile(String jslt) {
        return new Parser(new StringReader(jslt))
                .withSource("downConversion.jslt")
                .withResourceResolver(name -> {
                    throw new JsltException("import \"" + name + "\" is not allowed: a down-conversion is one "
                            + "expression, without imports");
                })
                .compile();
    }

    /** Reads and checks {@code customProperties[i].value} of one contract document; problems go to {@code problems}. */
    static Optional<DownConversion> read(
            JsonNode value,
            String pointer,
            SemanticVersion version,
            LocatedDocument document,
            String text,
            String source,
            List<ContractProblem> problems) {
        Reporter report = (at, line, message) -> problems.add(
                new ContractProblem(source, line > 0 ? line : document.lineOf(at), Pointers.toField(at), message));
        if (!value.isObject()) {
            report.at(
                    pointer,
                    0,
                    "must be a mapping with toVersion (the previous major's version) and jslt (the "
                            + "expression that converts a payload to it)");
            return Optional.empty();
        }
        value.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                report.at(
                        pointer + "/" + Pointers.escape(key),
                        0,
                        "is not a downConversion key: use " + new TreeSet<>(KEYS));
            }
        });
        SemanticVersion toVersion = toVersion(value.path("toVersion"), pointer + "/toVersion", version, report);
        String jsltPointer = pointer + "/jslt";
        JsonNode jslt = value.path("jslt");
        if (!jslt.isTextual() || jslt.asText().isBlank()) {
            report.at(
                    jsltPointer,
                    0,
                    "is missing: give the JSLT expression that turns a payload of this version "
                            + "into one of toVersion, for example { \"orderId\": .id }");
            return Optional.empty();
        }
        try {
            compile(jslt.asText());
        } catch (JsltException e) {
            int keyLine = document.lineOf(jsltPointer);
            int line = e.getLine() > 0 ? firstLine(text, keyLine) + e.getLine() - 1 : keyLine;
            report.at(
                    jsltPointer,
                    line,
                    "does not compile: " + oneLine(e.getMessageWithoutLocation())
                            + (e.getLine() > 0
                                    ? " (line " + e.getLine() + ", column " + e.getColumn() + " of the expression)"
                                    : ""));
            return Optional.empty();
        }
        return toVersion == null ? Optional.empty() : Optional.of(new DownConversion(toVersion, jslt.asText()));
    }

    /**
     * What needs every version of a contract: the target version exists, and has a topic of its own (the copy would
     * otherwise land beside the original).
     *
     * @param contracts the versions to check
     * @param others further versions that may be targets (the registry's), not checked themselves
     */
    public static List<ContractProblem> targetProblems(
            Collection<DataContract> contracts, Collection<DataContract> others) {
        List<ContractProblem> problems = new ArrayList<>();
        for (DataContract contract : contracts) {
            if (contract.downConversion().isEmpty()) {
                continue;
            }
            SemanticVersion toVersion = contract.downConversion().get().toVersion();
            // The directory's own version of a target wins over a registered one with the same number.
            List<DataContract> versions = java.util.stream.Stream.concat(contracts.stream(), others.stream())
                    .filter(other -> other.id().equals(contract.id()))
                    .toList();
            Optional<DataContract> target = versions.stream()
                    .filter(other -> other.version().equals(toVersion))
                    .findFirst();
            String message;
            if (target.isEmpty()) {
                message = "names version " + toVersion + " of " + contract.id() + ", which does not exist (known: "
                        + String.join(
                                ", ",
                                versions.stream()
                                        .map(v -> v.version().toString())
                                        .sorted()
                                        .toList())
                        + "): name the previous major's version whose topic its consumers read";
            } else if (target.get().topic().equals(contract.topic())) {
                message = "names version " + toVersion + ", whose topic " + contract.topic() + " is this version's "
                        + "too: the copies go to the previous major's own topic, so give this version a new one";
            } else {
                continue;
            }
            LocatedDocument document = LocatedDocument.parseYaml(contract.document());
            String pointer = pointerIn(document.root()) + "/toVersion";
            problems.add(new ContractProblem(
                    contract.source(), document.lineOf(pointer), Pointers.toField(pointer), message));
        }
        return problems;
    }

    private static SemanticVersion toVersion(JsonNode node, String pointer, SemanticVersion version, Reporter report) {
        if (!node.isValueNode() || node.asText().isBlank()) {
            report.at(pointer, 0, "is missing: name the previous major's version the copies follow, for example 1.1.0");
            return null;
        }
        String text = node.asText();
        if (!SemanticVersion.isValid(text)) {
            report.at(pointer, 0, "'" + text + "' is not a semantic version (MAJOR.MINOR.PATCH, for example 1.1.0)");
            return null;
        }
        SemanticVersion toVersion = SemanticVersion.parse(text);
        if (version != null && toVersion.major() >= version.major()) {
            report.at(
                    pointer,
                    0,
                    "'" + text + "' is not of a lower major than this version " + version + ": a down-conversion "
                            + "feeds the previous major's topic, for example " + (version.major() - 1) + ".x.y");
            return null;
        }
        return toVersion;
    }

    /**
     * JSLT's parse errors span many lines (the position, then each token it expected): one line, for a problem
     * list that has one problem a line.
     */
    private static String oneLine(String message) {
        List<String> lines = message.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
        if (lines.isEmpty()) {
            return message;
        }
        String first = lines.get(0).replaceAll(" at line \\d+, column \\d+\\.?$", "");
        List<String> expected = lines.stream()
                .skip(1)
                .filter(line -> !line.startsWith("Was expecting"))
                .map(line -> line.replaceAll("\\s*\\.\\.\\.$", ""))
                .toList();
        return expected.isEmpty() ? first : first + "; expected one of " + String.join(" ", expected);
    }

    /** The document line of the expression's first line: the next one for a block scalar ({@code jslt: |}). */
    private static int firstLine(String text, int keyLine) {
        List<String> lines = text.lines().toList();
        if (keyLine < 1 || keyLine > lines.size()) {
            return keyLine;
        }
        String line = lines.get(keyLine - 1);
        String afterKey = line.substring(line.indexOf(':') + 1).strip();
        return afterKey.startsWith("|") || afterKey.startsWith(">") ? keyLine + 1 : keyLine;
    }

    private static String pointerIn(JsonNode root) {
        JsonNode custom = root.path("customProperties");
        for (int i = 0; i < custom.size(); i++) {
            if (PROPERTY.equals(custom.get(i).path("property").asText())) {
                return "/customProperties/" + i + "/value";
            }
        }
        return "/customProperties";
    }

    @FunctionalInterface
    private interface Reporter {
        /** @param line the document line, or 0 for the line of {@code pointer} */
        void at(String pointer, int line, String message);
    }
}
