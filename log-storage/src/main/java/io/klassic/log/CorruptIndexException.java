package io.klassic.log;

/**
 * An index file fails its sanity check; the log rebuilds it from the segment's record batches. Immutable and
 * thread-safe.
 */
public final class CorruptIndexException extends Exception {
    private static final long serialVersionUID = 1L;

    public CorruptIndexException(String message) {
        super(message);
    }
}
