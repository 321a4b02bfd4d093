package io.klassic.log;

import io.klassic.log.FileRecords.BatchHeader;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The read path of a {@link Log}: fetches by offset (the index entry below the offset, then a scan of batch headers)
 * bounded by the high watermark or the log end, and lookups by timestamp. Takes no lock: it reads the log end
 * offset metadata first and never returns bytes beyond it; a read that meets a segment deleted or replaced meanwhile
 * (closed files) is retried on the current segments. Thread-safe.
 */
final class LogReader {
    private final Log log;
    private final ConcurrentSkipListMap<Long, LogSegment> segments;

    LogReader(Log log, ConcurrentSkipListMap<Long, LogSegment> segments) {
        this.log = log;
        this.segments = segments;
    }

    /**
     * Reads whole record batches starting with the one holding {@code startOffset}: at most {@code maxBytes}, or
     * the first batch whatever its size when {@code minOneMessage}; only batches entirely below
     * {@code maxOffsetExclusive} (the high watermark for consumers, {@link Long#MAX_VALUE} for followers). Reading at
     * the log end offset gives an empty slice.
     *
     * @throws OffsetOutOfRangeException when {@code startOffset} is outside {@code [logStartOffset, logEndOffset]}
     * @throws KafkaStorageException     on an I/O error
     */
    FetchDataInfo read(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneMessage) {
        for (int attempt = 1; ; attempt++) {
            try {
                return readOnce(startOffset, maxBytes, maxOffsetExclusive, minOneMessage);
            } catch (SegmentGoneException e) {
                // A segment was deleted or replaced (retention, cleaning, truncation) while it was read, with no
                // delete delay: the map now holds its successor, so read again.
                if (log.isClosed() || attempt >= 3) {
                    throw log.storageException("Failed to read " + log.topicPartition() + " at offset " + startOffset,
                        e.cause);
                }
            }
        }
    }

    /** A read hit a segment closed meanwhile. */
    private static final class SegmentGoneException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient IOException cause;

        SegmentGoneException(IOException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    private FetchDataInfo readOnce(long startOffset, int maxBytes, long maxOffsetExclusive, boolean minOneMessage)
        throws SegmentGoneException {
        LogOffsetMetadata end = log.logEndOffsetMetadata();
        long start = log.logStartOffset();
        if (startOffset > end.messageOffset() || startOffset < start) {
            throw new OffsetOutOfRangeException("Received request for offset " + startOffset + " for partition "
                + log.topicPartition() + ", but we only have log segments in the range " + start + " to "
                + end.messageOffset() + ".");
        }
        try {
            LogOffsetMetadata bound = end;
            if (maxOffsetExclusive < end.messageOffset()) {
                if (startOffset >= maxOffsetExclusive) {
                    return emptyRead(startOffset, end);
                }
                bound = convertToOffsetMetadata(maxOffsetExclusive);
            }
            if (startOffset >= bound.messageOffset()) {
                return emptyRead(startOffset, bound);
            }
            Map.Entry<Long, LogSegment> entry = segments.floorEntry(startOffset);
            while (entry != null && entry.getKey() <= bound.segmentBaseOffset()) {
                LogSegment segment = entry.getValue();
                long maxPosition = segment.baseOffset() == bound.segmentBaseOffset()
                    ? bound.relativePositionInSegment() : segment.size();
                FetchDataInfo info = segment.read(startOffset, maxBytes, maxPosition, minOneMessage);
                if (info != null) {
                    return info;
                }
                entry = segments.higherEntry(entry.getKey());
            }
            return emptyRead(startOffset, bound);
        } catch (ClosedChannelException e) {
            throw new SegmentGoneException(e);
        } catch (IllegalStateException e) {
            if (log.isClosed()) {
                throw e;
            }
            throw new SegmentGoneException(new IOException(e.getMessage(), e));
        } catch (IOException e) {
            throw log.storageException("Failed to read " + log.topicPartition() + " at offset " + startOffset, e);
        }
    }

    /** Where {@code offset} is: its segment and the position of the batch holding it (or the segment's end). */
    private LogOffsetMetadata convertToOffsetMetadata(long offset) throws IOException {
        Map.Entry<Long, LogSegment> entry = segments.floorEntry(offset);
        if (entry == null) {
            entry = segments.firstEntry();
        }
        LogSegment segment = entry.getValue();
        BatchHeader batch = segment.translateOffset(offset, 0, FileRecords.headerBuffer());
        return new LogOffsetMetadata(offset, segment.baseOffset(), batch == null ? segment.size() : batch.position());
    }

    private FetchDataInfo emptyRead(long startOffset, LogOffsetMetadata at) {
        LogSegment segment = segments.get(at.segmentBaseOffset());
        if (segment == null) {
            segment = log.activeSegment();
        }
        return new FetchDataInfo(new LogOffsetMetadata(startOffset, at.segmentBaseOffset(),
            at.relativePositionInSegment()), segment.log().slice(0, 0));
    }

    /**
     * The first record (from the log start offset on) whose timestamp is {@code >= timestamp}, with its timestamp
     * and its batch's leader epoch; empty when every record is older. (The special targets -2 earliest and -1
     * latest are the caller's.)
     */
    Optional<TimestampAndOffset> fetchOffsetByTimestamp(long timestamp) {
        try {
            long start = log.logStartOffset();
            for (LogSegment segment : segments.values()) {
                if (segment.largestTimestamp() >= timestamp) {
                    Optional<TimestampAndOffset> found = segment.findOffsetByTimestamp(timestamp, start);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw log.storageException("Failed to search " + log.topicPartition() + " by timestamp " + timestamp, e);
        }
    }
}
