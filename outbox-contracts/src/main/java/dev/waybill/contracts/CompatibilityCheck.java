package dev.waybill.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.waybill.contracts.internal.LocatedDocument;
import dev.waybill.contracts.internal.SchemaComparator;
import dev.waybill.outbox.SemanticVersion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks that the versions of each contract relate as their numbers promise (rules in {@code docs/contracts.md}):
 *
 * <ul>
 *   <li>within a compatibility group (by default one major version), no version breaks another: with
 *       {@code FULL_TRANSITIVE} (the default) against every earlier version of the group, with {@code FULL}
 *       against the one before;
 *   <li>a change of level {@link ChangeLevel#MINOR} needs at least a minor bump, and a patch bump may only change
 *       annotations (descriptions, titles, examples);
 *   <li>a new major version is free to break, but must publish to a new topic.
 * </ul>
 */
public final class CompatibilityCheck {

    private CompatibilityCheck() {}

    /** Every problem among these versions (typically a directory's versions plus the registry's). */
    public static List<CompatibilityProblem> check(Collection<DataContract> contracts) {
        Map<String, List<DataContract>> byId = new TreeMap<>();
        contracts.forEach(contract ->
                byId.computeIfAbsent(contract.id(), id -> new ArrayList<>()).add(contract));
        List<CompatibilityProblem> problems = new ArrayList<>();
        byId.values().forEach(versions -> {
            versions.sort(Comparator.comparing(DataContract::version));
            problems.addAll(checkOne(versions));
        });
        return problems;
    }

    /** The changes from {@code older} to {@code newer}: payload schema, topic and key. */
    public static List<SchemaChange> changes(DataContract older, DataContract newer) {
        List<SchemaChange> changes = new ArrayList<>(SchemaComparator.compare(schema(older), schema(newer)));
        if (!older.topic().equals(newer.topic())) {
            changes.add(new SchemaChange(
                    "topic-changed",
                    ChangeLevel.MAJOR,
                    "/schema/0/physicalName",
                    "topic changed from " + older.topic() + " to " + newer.topic()));
        }
        if (!older.primaryKey().equals(newer.primaryKey())) {
            changes.add(new SchemaChange(
                    "key-changed",
                    ChangeLevel.MAJOR,
                    "/schema/0/properties",
                    "primary key changed from " + older.primaryKey() + " to " + newer.primaryKey()));
        }
        return changes;
    }

    private static List<CompatibilityProblem> checkOne(List<DataContract> versions) {
        List<CompatibilityProblem> problems = new ArrayList<>();
        for (int i = 1; i < versions.size(); i++) {
            DataContract newer = versions.get(i);
            DataContract previous = versions.get(i - 1);
            if (newer.version().major() != previous.version().major()) {
                checkNewTopic(versions.subList(0, i), newer, problems);
                continue;
            }
            if (newer.compatibility() == Compatibility.NONE) {
                continue;
            }
            checkBump(previous, newer, problems);
            if (newer.compatibility() == Compatibility.FULL_TRANSITIVE) {
                for (DataContract older : versions.subList(0, i - 1)) {
                    if (older.compatibilityGroup().equals(newer.compatibilityGroup())) {
                        checkNothingBreaks(older, newer, problems);
                    }
                }
            }
        }
        return problems;
    }

    /** The bump from the version just before must be at least as big as the biggest change. */
    private static void checkBump(DataContract previous, DataContract newer, List<CompatibilityProblem> problems) {
        ChangeLevel bump = bump(previous.version(), newer.version());
        for (SchemaChange change : changes(previous, newer)) {
            if (change.level().compareTo(bump) > 0) {
                problems.add(problem(
                        previous,
                        newer,
                        change,
                        change.level() == ChangeLevel.MAJOR
                                ? "a breaking change needs a new major version (and with it a new topic)"
                                : "needs at least a minor version bump; a patch may only change descriptions, titles "
                                        + "and examples"));
            }
        }
    }

    private static void checkNothingBreaks(
            DataContract older, DataContract newer, List<CompatibilityProblem> problems) {
        for (SchemaChange change : changes(older, newer)) {
            if (change.level() == ChangeLevel.MAJOR) {
                problems.add(problem(
                        older,
                        newer,
                        change,
                        "breaks compatibility with " + older.version()
                                + " (FULL_TRANSITIVE within group " + newer.compatibilityGroup()
                                + "); a breaking change needs a new major version and topic"));
            }
        }
    }

    private static void checkNewTopic(
            List<DataContract> earlier, DataContract newer, List<CompatibilityProblem> problems) {
        for (DataContract older : earlier) {
            if (older.topic().equals(newer.topic())) {
                problems.add(new CompatibilityProblem(
                        newer.id(),
                        older.version().toString(),
                        newer.version().toString(),
                        "major-without-new-topic",
                        "/schema/0/physicalName",
                        "major version " + newer.version().major() + " publishes to " + newer.topic()
                                + ", the topic of " + older.version() + "; a new major needs a new topic (for "
                                + "example " + suggestedTopic(newer) + ") so consumers of the old one keep working"));
                return;
            }
        }
    }

    private static String suggestedTopic(DataContract contract) {
        String topic = contract.topic().replaceFirst("\\.v\\d+$", "");
        return topic + ".v" + contract.version().major();
    }

    private static ChangeLevel bump(SemanticVersion older, SemanticVersion newer) {
        if (older.major() != newer.major()) {
            return ChangeLevel.MAJOR;
        }
        return older.minor() != newer.minor() ? ChangeLevel.MINOR : ChangeLevel.PATCH;
    }

    private static CompatibilityProblem problem(
            DataContract older, DataContract newer, SchemaChange change, String consequence) {
        return new CompatibilityProblem(
                newer.id(),
                older.version().toString(),
                newer.version().toString(),
                change.rule(),
                change.pointer(),
                change.description() + ": " + consequence);
    }

    private static JsonNode schema(DataContract contract) {
        return LocatedDocument.parseJson(contract.payloadSchema()).root();
    }
}
