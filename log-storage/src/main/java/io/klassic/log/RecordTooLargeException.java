package io.klassic.log;

/**
 * An append carried a record batch larger than {@code max.message.bytes} (the broker answers
 * {@code MESSAGE_TOO_LARGE}), or a set of batches larger than {@code segment.bytes} (the broker answers
 * {@code RECORD_LIST_TOO_LARGE}); {@link #exceedsSegmentSize()} says which. Nothing was appended. Immutable and
 * thread-safe.
 */
public final class RecordTooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final boolean exceedsSegmentSize;

    public RecordTooLargeException(String message, boolean exceedsSegmentSize) {
        super(message);
        this.exceedsSegmentSize = exceedsSegmentSize;
    }

    /** True when the whole append exceeds {@code segment.bytes}, false when one batch exceeds {@code max.message.bytes}. */
    public boolean exceedsSegmentSize() {
        return exceedsSegmentSize;
    }
}
