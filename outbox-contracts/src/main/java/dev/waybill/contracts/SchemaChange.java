package dev.waybill.contracts;

import java.util.Objects;

/**
 * One difference between two versions of a contract's payload schema (or of its topic or key).
 *
 * @param rule a stable, kebab-case name for the kind of change, for example {@code required-property-added}
 * @param level how big the change is
 * @param pointer JSON pointer into the schema where the change is, for example {@code /properties/totalAmount/type}
 * @param description what changed, in a sentence, with the old and new value where they help
 */
public record SchemaChange(String rule, ChangeLevel level, String pointer, String description) {

    public SchemaChange {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(description, "description");
    }
}
