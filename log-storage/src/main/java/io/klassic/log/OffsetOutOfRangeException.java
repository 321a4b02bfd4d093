package io.klassic.log;

/**
 * A read asked for an offset outside {@code [logStartOffset, logEndOffset]}. The broker maps it to
 * {@code OFFSET_OUT_OF_RANGE}. Immutable and thread-safe.
 */
public final class OffsetOutOfRangeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public OffsetOutOfRangeException(String message) {
        super(message);
    }
}
