package io.klassic.log;

/**
 * What an append did: the first and last offsets assigned (or found, for a follower), the log append time stamped on
 * the batches ({@code -1} for CreateTime topics), the largest timestamp of the appended batches and the offset that
 * carries it (the last offset of its batch), the number of records and of bytes appended. Immutable and thread-safe.
 */
public record LogAppendInfo(long firstOffset, long lastOffset, long logAppendTime, long maxTimestamp,
                            long offsetOfMaxTimestamp, int numRecords, int validBytes) {
}
