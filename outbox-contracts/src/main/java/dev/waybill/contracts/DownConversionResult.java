package dev.waybill.contracts;

/**
 * What converting one payload for the previous major version ({@link DownConversion}) produced: the converted
 * payload with its validation against the target version, or why the conversion failed.
 */
public sealed interface DownConversionResult {

    /** The version the payload was written for. */
    DataContract from();

    /** The previous major's version the copy is for. */
    DataContract to();

    /**
     * The expression yielded a JSON object.
     *
     * @param payload the converted payload as JSON text
     * @param validation the converted payload checked against {@link #to()}; the copy is dead-lettered unless valid
     */
    record Converted(DataContract from, DataContract to, String payload, ValidationResult validation)
            implements DownConversionResult {}

    /**
     * The expression threw, or did not yield a JSON object: the copy is dead-lettered as
     * {@link DeadLetterReason#CONVERSION_FAILED}.
     *
     * @param message what went wrong; never contains a {@code pii} value of the payload
     */
    record Failed(DataContract from, DataContract to, String message) implements DownConversionResult {}
}
