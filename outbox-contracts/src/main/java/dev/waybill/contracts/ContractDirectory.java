package dev.waybill.contracts;

import dev.waybill.contracts.internal.ContractReader;
import dev.waybill.contracts.internal.ContractReader.SchemaFile;
import dev.waybill.contracts.internal.ContractReader.SchemaFileException;
import dev.waybill.contracts.internal.DownConversions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A folder of contract files, as kept in git: one sub-folder per contract id, one ODCS file per version named
 * {@code <version>.odcs.yaml}, and the JSON Schema each one points to beside it.
 *
 * <pre>
 * contracts/
 *   orders.order-placed/
 *     1.0.0.odcs.yaml   1.0.0.schema.json
 *     1.1.0.odcs.yaml   1.1.0.schema.json
 * </pre>
 */
public final class ContractDirectory {

    private static final Pattern CONTRACT_FILE = Pattern.compile("(.+)\\.odcs\\.ya?ml");

    private final Path root;

    private ContractDirectory(Path root) {
        this.root = root;
    }

    public static ContractDirectory at(Path root) {
        return new ContractDirectory(root);
    }

    public Path root() {
        return root;
    }

    /**
     * Reads every contract file and reports every problem in all of them.
     *
     * @throws ContractException if the directory itself cannot be read
     */
    public LintReport lint() {
        return lint(List.of());
    }

    /**
     * {@link #lint()}, with other versions (the registry's) taking part in the checks across versions: a
     * {@code downConversion}'s target may be registered rather than in the directory.
     *
     * @throws ContractException if the directory itself cannot be read
     */
    public LintReport lint(Collection<DataContract> registered) {
        if (!Files.isDirectory(root)) {
            throw new ContractException("contract directory " + root + " does not exist or is not a directory");
        }
        List<DataContract> contracts = new ArrayList<>();
        List<ContractProblem> problems = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Path file : contractFiles(problems)) {
            ContractReader.Result result = read(file);
            problems.addAll(result.problems());
            result.contract().ifPresent(contract -> {
                String previous = seen.putIfAbsent(contract.coordinates(), contract.source());
                if (previous != null) {
                    problems.add(new ContractProblem(
                            contract.source(),
                            0,
                            "version",
                            "version " + contract.version() + " of " + contract.id() + " is already defined in "
                                    + previous));
                } else {
                    contracts.add(contract);
                }
            });
        }
        problems.addAll(DownConversions.targetProblems(contracts, registered));
        return new LintReport(contracts, problems);
    }

    /**
     * A text that changes whenever a file under the directory is added, removed, resized or touched: what the relay
     * and the collector's validator compare to reload contracts without a restart.
     *
     * @throws ContractException if the directory cannot be listed
     */
    public String fingerprint() {
        StringBuilder fingerprint = new StringBuilder();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                fingerprint
                        .append(file)
                        .append(':')
                        .append(Files.size(file))
                        .append(':')
                        .append(Files.getLastModifiedTime(file).toMillis())
                        .append(';');
            }
        } catch (IOException | UncheckedIOException e) {
            throw new ContractException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return fingerprint.toString();
    }

    /**
     * Loads the directory into a catalog.
     *
     * @throws ContractLoadException listing every problem, if linting found any
     */
    public ContractCatalog load() {
        LintReport report = lint();
        if (!report.ok()) {
            throw new ContractLoadException("contract directory " + root, report.problems());
        }
        return ContractCatalog.of(report.contracts());
    }

    private List<Path> contractFiles(List<ContractProblem> problems) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path entry : entries.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    try (Stream<Path> inFolder = Files.list(entry)) {
                        inFolder.filter(file -> CONTRACT_FILE
                                        .matcher(file.getFileName().toString())
                                        .matches())
                                .filter(Files::isRegularFile)
                                .sorted()
                                .forEach(files::add);
                    }
                } else if (CONTRACT_FILE.matcher(name).matches()) {
                    problems.add(new ContractProblem(
                            entry.toString(),
                            0,
                            "(file)",
                            "contract files live in a " + "folder named after the contract id: move it to "
                                    + root.resolve("<id>").resolve(name)));
                }
            }
        } catch (IOException e) {
            throw new ContractException("cannot read contract directory " + root + ": " + e.getMessage(), e);
        }
        return files;
    }

    private ContractReader.Result read(Path file) {
        Matcher matcher = CONTRACT_FILE.matcher(file.getFileName().toString());
        matcher.matches();
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            return failed(file, "is not UTF-8 text");
        } catch (IOException e) {
            return failed(file, "cannot be read: " + e.getMessage());
        }
        return ContractReader.read(
                file.toString(),
                text,
                Optional.of(file.getParent().getFileName().toString()),
                Optional.of(matcher.group(1)),
                url -> schemaFile(file, url));
    }

    private SchemaFile schemaFile(Path contractFile, String url) {
        if (url.isBlank()) {
            throw new SchemaFileException("is missing: give the path of the payload's JSON Schema file");
        }
        if (url.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            throw new SchemaFileException("'" + url + "' is a URL; give a path relative to the contract file "
                    + "(remote schemas are never fetched)");
        }
        Path base = root.toAbsolutePath().normalize();
        Path file = contractFile.toAbsolutePath().getParent().resolve(url).normalize();
        if (!file.startsWith(base)) {
            throw new SchemaFileException("'" + url + "' points outside the contract directory " + root);
        }
        if (!Files.isRegularFile(file)) {
            throw new SchemaFileException("'" + url + "' does not exist (looked for " + file + ")");
        }
        try {
            return new SchemaFile(
                    contractFile.getParent().resolve(url).normalize().toString(), Files.readString(file));
        } catch (CharacterCodingException e) {
            throw new SchemaFileException("'" + url + "' is not UTF-8 text");
        } catch (IOException e) {
            throw new SchemaFileException("'" + url + "' cannot be read: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw new SchemaFileException(
                    "'" + url + "' cannot be read: " + e.getCause().getMessage());
        }
    }

    private static ContractReader.Result failed(Path file, String message) {
        return new ContractReader.Result(
                Optional.empty(), List.of(new ContractProblem(file.toString(), 0, "(file)", message)));
    }
}
