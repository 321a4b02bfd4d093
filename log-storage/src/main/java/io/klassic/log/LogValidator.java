package io.klassic.log;

import io.klassic.protocol.record.RecordBatch;
import io.klassic.protocol.record.RecordBatches;

import java.nio.ByteBuffer;

/**
 * The checks and header rewrites of an append, on batches that are already whole and CRC-checked (the broker's
 * request validation did that): sizes against {@code segment.bytes} and {@code max.message.bytes}, a follower's
 * offsets continuing the log, and for a leader the offsets, leader epoch and (on a {@code LogAppendTime} topic) the
 * timestamp written into each batch header in place. No per-record work: only batch headers are read or written.
 *
 * <p>Stateless; the caller holds the log's lock, so that the log end offset does not move in between.
 */
final class LogValidator {
    private LogValidator() {
    }

    /**
     * Checks the {@code size} bytes of {@code batches} before an append at {@code logEndOffset}.
     *
     * @param leader whether offsets are to be assigned; otherwise (a follower) each batch's offsets must start at or
     *               above the end of the previous one, the first at or above the log end offset
     * @throws RecordTooLargeException  when a batch exceeds {@code max.message.bytes} or all of them {@code segment.bytes}
     * @throws IllegalArgumentException when a follower's offsets do not continue the log
     */
    static void validate(ByteBuffer batches, int size, LogConfig config, boolean leader, long logEndOffset,
                         TopicPartition topicPartition) {
        if (size > config.segmentBytes()) {
            throw new RecordTooLargeException("Message batch size is " + size + " bytes in append to partition "
                + topicPartition + ", which exceeds the maximum configured segment size of "
                + config.segmentBytes() + ".", true);
        }
        long expected = logEndOffset;
        for (RecordBatch batch : RecordBatches.iterate(batches)) {
            if (batch.sizeInBytes() > config.maxMessageBytes()) {
                throw new RecordTooLargeException("The record batch of " + batch.sizeInBytes() + " bytes in "
                    + "append to partition " + topicPartition + " exceeds max.message.bytes ("
                    + config.maxMessageBytes() + ").", false);
            }
            if (!leader) {
                if (batch.baseOffset() < expected || batch.lastOffset() < batch.baseOffset()) {
                    throw new IllegalArgumentException("Cannot append the batch with offsets ["
                        + batch.baseOffset() + ", " + batch.lastOffset() + "] to " + topicPartition
                        + ": offsets must start at or above " + expected + " (log end offset "
                        + logEndOffset + ") and increase.");
                }
                expected = batch.lastOffset() + 1;
            }
        }
    }

    /**
     * With {@code assignOffsets} (a leader), rewrites each batch's base offset (continuing from
     * {@code logEndOffset}; outside the CRC) and partition leader epoch to {@code leaderEpoch}, and with
     * {@code logAppendTime} its timestamp (the CRC is recomputed then); a follower's batches are only read. Returns
     * what the append will be: first and last offsets, largest timestamp and its offset, records and bytes.
     */
    static LogAppendInfo assignOffsets(ByteBuffer batches, int size, boolean assignOffsets, long logEndOffset,
                                       int leaderEpoch, boolean logAppendTime, long now) {
        long nextOffset = logEndOffset;
        long firstOffset = -1;
        long lastOffset = -1;
        long maxTimestamp = RecordBatch.NO_TIMESTAMP;
        long offsetOfMaxTimestamp = -1;
        int numRecords = 0;
        for (RecordBatch batch : RecordBatches.iterate(batches)) {
            if (assignOffsets) {
                batch.setBaseOffset(nextOffset);
                batch.setPartitionLeaderEpoch(leaderEpoch);
                if (logAppendTime) {
                    batch.setLogAppendTime(now);
                }
            }
            if (firstOffset < 0) {
                firstOffset = batch.baseOffset();
            }
            lastOffset = batch.lastOffset();
            nextOffset = lastOffset + 1;
            if (batch.maxTimestamp() > maxTimestamp) {
                maxTimestamp = batch.maxTimestamp();
                offsetOfMaxTimestamp = lastOffset;
            }
            numRecords += batch.recordsCount();
        }
        if (logAppendTime) {
            offsetOfMaxTimestamp = lastOffset;
        }
        return new LogAppendInfo(firstOffset, lastOffset, logAppendTime ? now : -1, maxTimestamp,
            offsetOfMaxTimestamp, numRecords, size);
    }
}
