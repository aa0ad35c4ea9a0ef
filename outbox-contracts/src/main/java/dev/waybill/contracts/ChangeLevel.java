package dev.waybill.contracts;

/** How big a change between two versions of a contract is, and so which version part must be bumped. */
public enum ChangeLevel {
    /** Only annotations changed (descriptions, titles, examples, comments): a patch bump suffices. */
    PATCH,
    /** Consumers and producers of either version still understand each other (an optional property added or
     * removed): at least a minor bump. */
    MINOR,
    /** Breaking: needs a new major version, and with it a new topic. */
    MAJOR
}
