package dev.waybill.contracts;

import dev.waybill.outbox.SemanticVersion;
import java.util.Objects;

/**
 * A contract version's copy for the previous major version ({@code customProperties.downConversion}): while
 * consumers still read the older major's topic, every valid event of this version is also converted with a JSLT
 * expression and published there, until the target version is {@code retired}.
 *
 * @param toVersion the previous major's version the copies follow (a lower major than the declaring version)
 * @param jslt the JSLT expression that turns a payload of the declaring version into one of {@code toVersion}
 */
public record DownConversion(SemanticVersion toVersion, String jslt) {

    public DownConversion {
        Objects.requireNonNull(toVersion, "toVersion");
        Objects.requireNonNull(jslt, "jslt");
    }
}
