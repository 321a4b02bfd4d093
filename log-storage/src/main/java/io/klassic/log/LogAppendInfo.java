package io.klassic.log;

/**
 * What an append did: the first and last offsets assigned (or found, for a follower), the log append time stamped on
 * the batches ({@code -1} for CreateTime topics), the largest timestamp of the appended batches and the offset that
 * carries it (the last offset of its batch), the number of records and of bytes appended. When {@code duplicate} is
 * set nothing was appended: the batch repeated an idempotent producer's batch already in the log, whose offsets (and,
 * on a LogAppendTime topic, append time) are given. Immutable and thread-safe.
 */
public record LogAppendInfo(long firstOffset, long lastOffset, long logAppendTime, long maxTimestamp,
                            long offsetOfMaxTimestamp, int numRecords, int validBytes, boolean duplicate) {
    /** An append that wrote {@code validBytes} bytes (not a duplicate). */
    public LogAppendInfo(long firstOffset, long lastOffset, long logAppendTime, long maxTimestamp,
                         long offsetOfMaxTimestamp, int numRecords, int validBytes) {
        this(firstOffset, lastOffset, logAppendTime, maxTimestamp, offsetOfMaxTimestamp, numRecords, validBytes, false);
    }
}
