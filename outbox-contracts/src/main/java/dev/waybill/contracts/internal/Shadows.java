package dev.waybill.contracts.internal;

import dev.waybill.contracts.ContractStatus;
import dev.waybill.contracts.DataContract;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which version each {@code proposed} contract version is checked in shadow of: the highest {@code active} or
 * {@code deprecated} version of the same contract, lower than the proposed one and in its compatibility group. That
 * is the version it would replace, whose producers would move to it without a change of theirs; a proposed version
 * of another group (a new major) is written by new producers, so the old version's events say nothing about it and
 * it shadows nothing. Several proposed versions of one contract each shadow on their own, often the same version.
 */
public final class Shadows {

    private Shadows() {}

    /** For each proposed version ({@code id@version}) the version it shadows, if any. */
    public static Map<String, DataContract> shadowed(Collection<DataContract> contracts) {
        Map<String, DataContract> shadowed = new HashMap<>();
        for (DataContract proposed : contracts) {
            if (proposed.status() != ContractStatus.PROPOSED) {
                continue;
            }
            replaced(proposed, contracts).ifPresent(current -> shadowed.put(proposed.coordinates(), current));
        }
        return Map.copyOf(shadowed);
    }

    /**
     * For each shadowed version, by contract id and then version, the proposed versions shadowing it, lowest first.
     * By id and version rather than {@code id@version}: routing looks this up for every event, without building a
     * string.
     */
    public static Map<String, Map<String, List<DataContract>>> shadowing(
            Collection<DataContract> contracts, Map<String, DataContract> shadowed) {
        Map<String, Map<String, List<DataContract>>> shadowing = new HashMap<>();
        contracts.stream()
                .filter(contract -> shadowed.containsKey(contract.coordinates()))
                .sorted(Comparator.comparing(DataContract::version))
                .forEach(proposed -> {
                    DataContract current = shadowed.get(proposed.coordinates());
                    shadowing
                            .computeIfAbsent(current.id(), id -> new HashMap<>())
                            .computeIfAbsent(current.version().toString(), version -> new ArrayList<>())
                            .add(proposed);
                });
        shadowing.replaceAll((id, versions) -> {
            versions.replaceAll((version, proposed) -> List.copyOf(proposed));
            return Map.copyOf(versions);
        });
        return Map.copyOf(shadowing);
    }

    private static Optional<DataContract> replaced(DataContract proposed, Collection<DataContract> contracts) {
        return contracts.stream()
                .filter(contract -> contract.id().equals(proposed.id()))
                .filter(contract -> contract.status().acceptedInProduction())
                .filter(contract -> contract.compatibilityGroup().equals(proposed.compatibilityGroup()))
                .filter(contract -> contract.version().compareTo(proposed.version()) < 0)
                .max(Comparator.comparing(DataContract::version));
    }
}
