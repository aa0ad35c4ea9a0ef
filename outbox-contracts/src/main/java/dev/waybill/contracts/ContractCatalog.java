package dev.waybill.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.schibsted.spt.data.jslt.Expression;
import dev.waybill.contracts.internal.DownConversions;
import dev.waybill.contracts.internal.PayloadValidator;
import dev.waybill.contracts.internal.Shadows;
import dev.waybill.outbox.OutboxEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * An immutable set of contract versions with their payload schemas (and down-conversions) compiled, ready to validate
 * events. Building one compiles every schema once; {@link #validate} is then a map lookup and a schema evaluation, safe to call from
 * many threads.
 */
public final class ContractCatalog {

    // Jackson's default limits (nesting depth 1000, 20 MB strings) bound what a hostile payload can cost.
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** @param conversion the compiled {@code downConversion} expression, or {@code null} when there is none */
    private record Entry(DataContract contract, PayloadValidator validator, Expression conversion) {}

    private final Map<String, Map<String, Entry>> byId;
    private final boolean acceptDrafts;
    /** Proposed version ({@code id@version}) to the version it shadows. */
    private final Map<String, DataContract> shadowed;
    /** Shadowed version (by id, then version) to the proposed versions shadowing it. */
    private final Map<String, Map<String, List<DataContract>>> shadowing;

    private ContractCatalog(Map<String, Map<String, Entry>> byId, boolean acceptDrafts) {
        this.byId = byId;
        this.acceptDrafts = acceptDrafts;
        List<DataContract> all = byId.values().stream()
                .flatMap(versions -> versions.values().stream())
                .map(Entry::contract)
                .toList();
        this.shadowed = Shadows.shadowed(all);
        this.shadowing = Shadows.shadowing(all, shadowed);
    }

    /**
     * A catalog of these contract versions, which accepts only {@code active} and {@code deprecated} versions.
     *
     * @throws ContractException if two contracts have the same id and version
     */
    public static ContractCatalog of(Collection<DataContract> contracts) {
        Map<String, Map<String, Entry>> byId = new HashMap<>();
        for (DataContract contract : contracts) {
            Map<String, Entry> versions = byId.computeIfAbsent(contract.id(), id -> new HashMap<>());
            Entry previous = versions.put(
                    contract.version().toString(),
                    new Entry(
                            contract,
                            new PayloadValidator(contract),
                            contract.downConversion()
                                    .map(conversion -> DownConversions.compile(conversion.jslt()))
                                    .orElse(null)));
            if (previous != null) {
                throw new ContractException("contract " + contract.coordinates() + " is defined twice: in "
                        + previous.contract().source() + " and in " + contract.source());
            }
        }
        byId.replaceAll((id, versions) -> Map.copyOf(versions));
        return new ContractCatalog(Map.copyOf(byId), false);
    }

    /** This catalog, also accepting {@code draft} and {@code proposed} versions (for development, never production). */
    public ContractCatalog acceptingDrafts() {
        return new ContractCatalog(byId, true);
    }

    public Optional<DataContract> find(String contractId, String version) {
        Map<String, Entry> versions = byId.get(contractId);
        Entry entry = versions == null ? null : versions.get(version);
        return Optional.ofNullable(entry).map(Entry::contract);
    }

    /** All versions of a contract, oldest first. */
    public List<DataContract> versions(String contractId) {
        return byId.getOrDefault(contractId, Map.of()).values().stream()
                .map(Entry::contract)
                .sorted(Comparator.comparing(DataContract::version))
                .toList();
    }

    public Set<String> contractIds() {
        return new TreeSet<>(byId.keySet());
    }

    /** Every contract version, by id and then version. */
    public List<DataContract> contracts() {
        List<DataContract> all = new ArrayList<>();
        contractIds().forEach(id -> all.addAll(versions(id)));
        return all;
    }

    public int size() {
        return byId.values().stream().mapToInt(Map::size).sum();
    }

    /** Checks an event's payload against the contract version it names. */
    public ValidationResult validate(OutboxEvent event) {
        return validate(event.contract(), event.schemaVersion(), event.payload());
    }

    /** Checks a payload given as JSON text against a contract version. */
    public ValidationResult validate(String contractId, String version, String payload) {
        Entry entry = entry(contractId, version);
        if (entry == null) {
            return missing(contractId, version);
        }
        if (payload == null) {
            return new ValidationResult.MalformedPayload(entry.contract(), "is missing");
        }
        JsonNode node;
        try {
            node = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            return notJson(entry.contract(), e);
        }
        return validate(entry, node);
    }

    private static ValidationResult notJson(DataContract contract, JsonProcessingException e) {
        return new ValidationResult.MalformedPayload(
                contract,
                "is not valid JSON: " + e.getOriginalMessage() + " at offset "
                        + e.getLocation().getCharOffset());
    }

    /** Checks an already parsed payload against a contract version. */
    public ValidationResult validate(String contractId, String version, JsonNode payload) {
        Entry entry = entry(contractId, version);
        return entry == null ? missing(contractId, version) : validate(entry, payload);
    }

    /**
     * The version a {@code proposed} version is checked in shadow of: the highest {@code active} or {@code
     * deprecated} version of its contract below it, in its compatibility group (the version it would replace). Empty
     * for a version that is not proposed, or has nothing to replace.
     */
    public Optional<DataContract> shadowedBy(DataContract proposed) {
        return Optional.ofNullable(shadowed.get(proposed.coordinates()));
    }

    /** The proposed versions checked in shadow of this version, lowest first; usually none. */
    public List<DataContract> shadowing(String contractId, String version) {
        Map<String, List<DataContract>> versions = shadowing.get(contractId);
        return versions == null ? List.of() : versions.getOrDefault(version, List.of());
    }

    /** Every proposed version that is checked in shadow, by id and then version. */
    public List<DataContract> shadowed() {
        return contracts().stream()
                .filter(contract -> shadowed.containsKey(contract.coordinates()))
                .toList();
    }

    /**
     * Checks a payload given as JSON text against the contract version it names, as {@link #validate(String, String,
     * String)} does, and hands {@code shadows} the verdict of every proposed version shadowing that version ({@link
     * #shadowing}), checked as if it were active. The payload is parsed once. The shadow verdicts never change the
     * result.
     */
    public ValidationResult validate(
            String contractId, String version, String payload, Consumer<ShadowResult> shadows) {
        List<DataContract> proposed =
                contractId == null || version == null ? List.of() : shadowing(contractId, version);
        if (proposed.isEmpty()) {
            return validate(contractId, version, payload);
        }
        Entry entry = entry(contractId, version);
        JsonNode node = null;
        ValidationResult result;
        if (payload == null) {
            result = new ValidationResult.MalformedPayload(entry.contract(), "is missing");
        } else {
            try {
                node = JSON.readTree(payload);
                result = validate(entry, node);
            } catch (JsonProcessingException e) {
                result = notJson(entry.contract(), e);
            }
        }
        for (DataContract candidate : proposed) {
            ValidationResult verdict;
            if (node == null) {
                // The same problem, named for the proposed version.
                verdict = new ValidationResult.MalformedPayload(
                        candidate, ((ValidationResult.MalformedPayload) result).problem());
            } else {
                verdict = validate(entry(candidate.id(), candidate.version().toString()), node, true);
            }
            shadows.accept(new ShadowResult(candidate, entry.contract(), verdict, result.valid()));
        }
        return result;
    }

    private ValidationResult validate(Entry entry, JsonNode payload) {
        return validate(entry, payload, false);
    }

    /** @param asActive check a {@code draft} or {@code proposed} version as if it were active (a shadow check) */
    private ValidationResult validate(Entry entry, JsonNode payload, boolean asActive) {
        DataContract contract = entry.contract();
        switch (asActive ? ContractStatus.ACTIVE : contract.status()) {
            case RETIRED:
                return new ValidationResult.RetiredVersion(contract);
            case DRAFT, PROPOSED:
                if (!acceptDrafts) {
                    return new ValidationResult.NotYetActive(contract);
                }
                break;
            default:
                break;
        }
        if (payload == null || !payload.isObject()) {
            return new ValidationResult.MalformedPayload(
                    contract,
                    "must be a JSON object, found "
                            + (payload == null
                                    ? "nothing"
                                    : payload.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        List<ContractViolation> violations = entry.validator().validate(payload);
        return violations.isEmpty()
                ? new ValidationResult.Valid(contract)
                : new ValidationResult.Invalid(contract, violations);
    }

    /**
     * The copy of a payload (JSON text) for the previous major version that its contract version declares
     * ({@link DataContract#downConversion()}): converted and checked against the target version. Empty when the
     * version declares no conversion, or this catalog does not know the target version, or the target is
     * {@code retired} (its consumers have moved on).
     */
    public Optional<DownConversionResult> downConvert(String contractId, String version, String payload) {
        Entry entry = entry(contractId, version);
        if (entry == null || entry.conversion() == null) {
            return Optional.empty();
        }
        try {
            return downConvert(entry, payload == null ? null : JSON.readTree(payload));
        } catch (JsonProcessingException e) {
            return downConvert(entry, null);
        }
    }

    /** {@link #downConvert(String, String, String)} for an already parsed payload. */
    public Optional<DownConversionResult> downConvert(String contractId, String version, JsonNode payload) {
        Entry entry = entry(contractId, version);
        return entry == null || entry.conversion() == null ? Optional.empty() : downConvert(entry, payload);
    }

    private Optional<DownConversionResult> downConvert(Entry entry, JsonNode payload) {
        DataContract from = entry.contract();
        Entry target =
                entry(from.id(), from.downConversion().orElseThrow().toVersion().toString());
        if (target == null || target.contract().status() == ContractStatus.RETIRED) {
            return Optional.empty();
        }
        DataContract to = target.contract();
        if (payload == null || !payload.isObject()) {
            return Optional.of(new DownConversionResult.Failed(from, to, "the payload is not a JSON object"));
        }
        JsonNode converted;
        try {
            converted = entry.conversion().apply(payload);
        } catch (RuntimeException e) {
            // The expression's own failure (JSLT's error(), a bad conversion of a value) is a result: the copy is
            // dead-lettered with it. Its message may quote the payload, so pii values are taken out.
            return Optional.of(new DownConversionResult.Failed(
                    from,
                    to,
                    "the conversion to " + to.version() + " failed: "
                            + entry.validator().redact(String.valueOf(e.getMessage()), payload)));
        }
        if (converted == null || !converted.isObject()) {
            return Optional.of(new DownConversionResult.Failed(
                    from,
                    to,
                    "the conversion to " + to.version() + " yielded "
                            + (converted == null || converted.isNull()
                                    ? "nothing"
                                    : converted.getNodeType().name().toLowerCase(java.util.Locale.ROOT))
                            + ", not a JSON object"));
        }
        return Optional.of(
                new DownConversionResult.Converted(from, to, converted.toString(), validate(target, converted)));
    }

    private Entry entry(String contractId, String version) {
        Map<String, Entry> versions = byId.get(contractId);
        return versions == null ? null : versions.get(version);
    }

    private ValidationResult missing(String contractId, String version) {
        Map<String, Entry> versions = byId.get(contractId);
        if (versions == null) {
            return new ValidationResult.UnknownContract(contractId);
        }
        return new ValidationResult.UnknownVersion(
                contractId,
                version,
                versions(contractId).stream()
                        .map(contract -> contract.version().toString())
                        .toList());
    }

    @Override
    public String toString() {
        return "ContractCatalog[" + size() + " versions of " + byId.size() + " contracts]";
    }
}
