package dev.waybill.contracts;

/**
 * What checking one payload against a {@code proposed} contract version in shadow found: the verdict the proposed
 * version would give, beside the verdict of the version in force. A shadow check never changes where the event goes.
 *
 * @param proposed the {@code proposed} version the payload was checked against, as if it were active
 * @param shadowed the version the event names, which {@code proposed} would replace ({@link
 *     ContractCatalog#shadowedBy(DataContract)})
 * @param result the proposed version's verdict: {@link ValidationResult.Valid} or a {@link ValidationResult.Rejected}
 * @param shadowedAccepts whether the version in force accepted the payload
 */
public record ShadowResult(
        DataContract proposed, DataContract shadowed, ValidationResult result, boolean shadowedAccepts) {

    /** Whether the proposed version would publish the payload. */
    public boolean wouldPass() {
        return result.valid();
    }
}
