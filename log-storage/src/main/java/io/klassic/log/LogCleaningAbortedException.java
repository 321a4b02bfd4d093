package io.klassic.log;

/**
 * Thrown inside the cleaner when the cleaning of a log must stop: the log is being truncated, deleted or closed, or
 * its segments changed under the cleaner. The cleaner discards its work and moves on. Immutable and thread-safe.
 */
public final class LogCleaningAbortedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LogCleaningAbortedException(String message) {
        super(message);
    }
}
