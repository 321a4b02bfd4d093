package io.klassic.log;

/**
 * A {@link TimeIndex} entry: a timestamp and an absolute offset such that no record at or before that offset in the
 * segment has a larger timestamp. Immutable and thread-safe.
 */
public record TimestampOffset(long timestamp, long offset) {
    /** Kafka's {@code RecordBatch.NO_TIMESTAMP}. */
    public static final long NO_TIMESTAMP = -1L;
}
