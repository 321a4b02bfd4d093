package io.klassic.log;

import java.util.List;

/**
 * A compacted log as the cleaner sees it: its clean part {@code [logStartOffset, firstDirtyOffset)}, its cleanable
 * dirty part {@code [firstDirtyOffset, firstUncleanableOffset)} (ending at a segment boundary, never in the active
 * segment), the bytes of each, and whether {@code max.compaction.lag.ms} forces a cleaning now. Immutable
 * (the sizes are computed once) and thread-safe.
 */
record LogToClean(TopicPartition topicPartition, Log log, long firstDirtyOffset, long firstUncleanableOffset,
                  long cleanBytes, long cleanableBytes, boolean needCompactionNow) {

    static LogToClean of(Log log, long firstDirtyOffset, long uncleanableOffset, boolean needCompactionNow) {
        LogSegment active = log.activeSegment();
        List<LogSegment> fromUncleanable = log.logSegments(uncleanableOffset, Long.MAX_VALUE);
        long firstUncleanable = fromUncleanable.isEmpty() || fromUncleanable.get(0) == active ? active.baseOffset()
            : fromUncleanable.get(0).baseOffset();
        long cleanBytes = 0;
        for (LogSegment segment : log.logSegments(-1, firstDirtyOffset)) {
            cleanBytes += segment.size();
        }
        long cleanableBytes = 0;
        for (LogSegment segment : log.logSegments(Math.min(firstDirtyOffset, firstUncleanable), firstUncleanable)) {
            if (segment.baseOffset() < firstUncleanable) {
                cleanableBytes += segment.size();
            }
        }
        return new LogToClean(log.topicPartition(), log, firstDirtyOffset, firstUncleanable, cleanBytes,
            cleanableBytes, needCompactionNow);
    }

    long totalBytes() {
        return cleanBytes + cleanableBytes;
    }

    double cleanableRatio() {
        long total = totalBytes();
        return total == 0 ? 0 : (double) cleanableBytes / total;
    }
}
