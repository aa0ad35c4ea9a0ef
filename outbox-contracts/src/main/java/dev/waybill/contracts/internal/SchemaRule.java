package dev.waybill.contracts.internal;

import dev.waybill.contracts.ChangeLevel;
import java.util.Locale;

/**
 * Every kind of change {@link SchemaComparator} reports, with its fixed level. The {@link #code()} is the stable
 * {@code SchemaChange.rule()} users and CI scripts match on.
 */
enum SchemaRule {
    ANNOTATION_CHANGED(ChangeLevel.PATCH),
    DEFINITION_ADDED(ChangeLevel.PATCH),
    OPTIONAL_PROPERTY_ADDED(ChangeLevel.MINOR),
    OPTIONAL_PROPERTY_REMOVED(ChangeLevel.MINOR),
    REQUIRED_PROPERTY_ADDED(ChangeLevel.MAJOR),
    REQUIRED_PROPERTY_REMOVED(ChangeLevel.MAJOR),
    PROPERTY_BECAME_REQUIRED(ChangeLevel.MAJOR),
    PROPERTY_BECAME_OPTIONAL(ChangeLevel.MAJOR),
    TYPE_CHANGED(ChangeLevel.MAJOR),
    ENUM_CHANGED(ChangeLevel.MAJOR),
    CONST_CHANGED(ChangeLevel.MAJOR),
    CONSTRAINT_CHANGED(ChangeLevel.MAJOR),
    ADDITIONAL_PROPERTIES_CHANGED(ChangeLevel.MAJOR),
    REF_CHANGED(ChangeLevel.MAJOR),
    COMPOSITION_CHANGED(ChangeLevel.MAJOR),
    KEYWORD_CHANGED(ChangeLevel.MAJOR),
    DEFINITION_REMOVED(ChangeLevel.MAJOR);

    private final String code;
    private final ChangeLevel level;

    SchemaRule(ChangeLevel level) {
        this.code = name().toLowerCase(Locale.ROOT).replace('_', '-');
        this.level = level;
    }

    String code() {
        return code;
    }

    ChangeLevel level() {
        return level;
    }
}
