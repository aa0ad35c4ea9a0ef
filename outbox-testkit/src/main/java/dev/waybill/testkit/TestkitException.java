package dev.waybill.testkit;

/** A test service could not be started, reached or cleaned up. The message says which and what to check. */
public final class TestkitException extends RuntimeException {

    public TestkitException(String message) {
        super(message);
    }

    public TestkitException(String message, Throwable cause) {
        super(message, cause);
    }
}
