package io.klassic.log;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which segments retention may delete, as Kafka decides: a rule (retention.ms, retention.bytes, or the log start
 * offset) is tested on the segments from the oldest on and the run stops at the first segment it spares; a segment
 * is eligible only when all its offsets are below the high watermark, and an empty active segment never is. The
 * {@link Log} removes what this returns. Stateless and thread-safe (a size rule counts down as it is tested: test it
 * once).
 */
final class LogRetention {
    private LogRetention() {
    }

    /** A test of a segment (and the one after it, null for the active segment) for deletion. */
    @FunctionalInterface
    interface SegmentPredicate {
        boolean test(LogSegment segment, LogSegment next) throws IOException;
    }

    /** A deletion rule and the reason logged for the segments it deletes. */
    record Rule(String reason, SegmentPredicate predicate) {
    }

    /** Segments whose largest timestamp (or file time) is more than {@code retention.ms} before {@code now}. */
    static Rule retentionMs(LogConfig config, long now) {
        if (config.retentionMs() < 0) {
            return null;
        }
        return new Rule("retention.ms " + config.retentionMs() + " was exceeded",
            (segment, next) -> now - segment.largestTimestampOrLastModified() > config.retentionMs());
    }

    /** The oldest segments whose removal keeps the log at or above {@code retention.bytes}. */
    static Rule retentionSize(LogConfig config, long logSize) {
        if (config.retentionBytes() < 0 || logSize < config.retentionBytes()) {
            return null;
        }
        long[] diff = {logSize - config.retentionBytes()};
        return new Rule("retention.bytes " + config.retentionBytes() + " was exceeded", (segment, next) -> {
            if (diff[0] - segment.size() >= 0) {
                diff[0] -= segment.size();
                return true;
            }
            return false;
        });
    }

    /** Segments wholly below the log start offset (moved up by DeleteRecords or the cleaner). */
    static Rule logStartOffsetBreached(long logStartOffset) {
        return new Rule("the log start offset " + logStartOffset + " is past them",
            (segment, next) -> next != null && next.baseOffset() <= logStartOffset);
    }

    /** The oldest segments of {@code all} (in offset order) that {@code rule} deletes. */
    static List<LogSegment> deletableSegments(List<LogSegment> all, long highWatermark, long logEndOffset,
                                              Rule rule) throws IOException {
        List<LogSegment> deletable = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            LogSegment segment = all.get(i);
            LogSegment next = i + 1 < all.size() ? all.get(i + 1) : null;
            long upperBoundOffset = next == null ? logEndOffset : next.baseOffset();
            boolean lastAndEmpty = next == null && segment.size() == 0;
            if (highWatermark >= upperBoundOffset && !lastAndEmpty && rule.predicate().test(segment, next)) {
                deletable.add(segment);
            } else {
                break;
            }
        }
        return deletable;
    }
}
