package io.klassic.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.util.Arrays;
import java.util.List;

import static io.klassic.log.TestUtils.batch;
import static io.klassic.log.TestUtils.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention, DeleteRecords, delayed file deletion, the flush policy and roll jitter. */
class LogRetentionTest {
    @TempDir
    File tmp;

    private final TestUtils.MockClock clock = new TestUtils.MockClock(1_700_000_000_000L);
    private final MockScheduler scheduler = new MockScheduler(clock);

    private File partitionDir() {
        return new File(tmp, "t-0");
    }

    private Log open(LogConfig config) {
        return Log.open(partitionDir(), "t", 0, config, 0, 0, true, clock::milliseconds, scheduler);
    }

    /** Appends one batch per timestamp, one segment each (segment.bytes is small). */
    private static void appendOnePerSegment(Log log, long... timestamps) {
        for (long ts : timestamps) {
            log.appendAsLeader(batch(ts, String.format("v%013d", ts % 10_000_000_000_000L)), 0);
        }
    }

    private List<String> files(String suffix) {
        String[] names = partitionDir().list((d, n) -> n.endsWith(suffix));
        Arrays.sort(names);
        return List.of(names);
    }

    @Test
    void retentionMsDeletesWholeSegmentsFromTheFrontByTheirLargestTimestampUpToTheHighWatermark() {
        long now = clock.milliseconds();
        Log log = open(config("segment.bytes", "150", "retention.ms", "1000", "file.delete.delay.ms", "500"));
        try {
            appendOnePerSegment(log, now - 5000, now - 4000, now, now - 3000);
            assertEquals(4, log.numberOfSegments());
            log.updateHighWatermark(1);
            assertEquals(1, log.deleteOldSegments(), "only the segment below the high watermark");
            assertEquals(1, log.logStartOffset());
            log.updateHighWatermark(4);
            assertEquals(1, log.deleteOldSegments(), "the third segment is recent: deletion stops there");
            assertEquals(2, log.logStartOffset());
            assertEquals(List.of("00000000000000000000.log.deleted", "00000000000000000001.log.deleted"),
                files(".log.deleted"), "renamed first");
            scheduler.advance(499);
            assertEquals(2, files(".log.deleted").size());
            scheduler.advance(1);
            assertEquals(List.of(), files(".deleted"), "deleted after file.delete.delay.ms");
            assertEquals(List.of("00000000000000000002.log", "00000000000000000003.log"), files(".log"));
            assertEquals(2, log.leaderEpochCache().earliestEntry().startOffset(), "epochs follow the start");
        } finally {
            log.close();
        }
    }

    @Test
    void anExpiredActiveSegmentWithDataIsRolledAndDeleted() throws Exception {
        long now = clock.milliseconds();
        Log log = open(config("retention.ms", "1000", "file.delete.delay.ms", "0"));
        try {
            log.appendAsLeader(batch(now - 5000, "old"), 0);
            log.appendAsLeader(batch(now - 4000, "older"), 0);
            assertEquals(0, log.deleteOldSegments(), "not below the high watermark yet");
            log.updateHighWatermark(log.logEndOffset());
            assertEquals(1, log.deleteOldSegments());
            assertEquals(1, log.numberOfSegments());
            assertEquals(2, log.logStartOffset());
            assertEquals(2, log.logEndOffset());
            assertEquals(0, log.activeSegment().size());
            assertEquals(0, log.deleteOldSegments(), "an empty active segment stays");
            log.appendAsLeader(batch(now, "new"), 0);
            assertEquals(List.of("new"), TestUtils.readAllValues(log));
        } finally {
            log.close();
        }
    }

    @Test
    void retentionBytesKeepsTheLogUnderTheLimit() {
        Log log = open(config("segment.bytes", "150", "retention.bytes", "200", "retention.ms", "-1",
            "file.delete.delay.ms", "0"));
        try {
            appendOnePerSegment(log, 1, 2, 3, 4, 5);
            log.updateHighWatermark(log.logEndOffset());
            long segmentSize = log.activeSegment().size();
            assertEquals(5 * segmentSize, log.size());
            int deleted = log.deleteOldSegments();
            assertEquals((5 * segmentSize - 200) / segmentSize, deleted, "as Kafka: the log stays at or above it");
            assertTrue(log.size() >= 200 && log.size() - segmentSize < 200, "size " + log.size());
            assertEquals(deleted, log.logStartOffset());
        } finally {
            log.close();
        }
    }

    @Test
    void deletePolicyOnlyCompactedLogsKeepOldSegments() {
        long now = clock.milliseconds();
        Log log = open(config("segment.bytes", "150", "retention.ms", "1", "cleanup.policy", "compact",
            "file.delete.delay.ms", "0"));
        try {
            appendOnePerSegment(log, now - 5000, now - 4000, now - 3000);
            log.updateHighWatermark(3);
            assertEquals(0, log.deleteOldSegments(), "retention.ms does not apply to compact-only logs");
            assertEquals(2, log.deleteRecordsBefore(2));
            assertEquals(2, log.deleteOldSegments(), "but segments below the log start offset go");
        } finally {
            log.close();
        }
    }

    @Test
    void deleteRecordsMovesTheStartOffsetUpToTheHighWatermarkOnly() {
        Log log = open(config("segment.bytes", "150", "retention.ms", "-1", "file.delete.delay.ms", "0"));
        try {
            appendOnePerSegment(log, 1, 2, 3, 4);
            log.updateHighWatermark(3);
            assertThrows(OffsetOutOfRangeException.class, () -> log.deleteRecordsBefore(4));
            assertEquals(2, log.deleteRecordsBefore(2));
            assertEquals(2, log.deleteRecordsBefore(1), "never moves down");
            assertThrows(OffsetOutOfRangeException.class, () -> log.read(1, 100, Long.MAX_VALUE, true));
            assertEquals(2, log.deleteOldSegments(), "the segments wholly below go on the next retention pass");
            assertEquals(2, log.logStartOffset());
            assertTrue(log.recoveryPoint() >= 2, "the recovery point is never below the log start offset");
        } finally {
            log.close();
        }
    }

    @Test
    void truncationAlsoDeletesThroughDotDeleted() {
        Log log = open(config("segment.bytes", "150", "file.delete.delay.ms", "1000"));
        try {
            appendOnePerSegment(log, 1, 2, 3);
            log.truncateTo(1);
            assertEquals(List.of("00000000000000000002.log.deleted"), files(".log.deleted"),
                "segments above the target go; the one holding it is cut");
            log.appendAsLeader(batch(4, "again"), 0);
            scheduler.advance(1000);
            assertEquals(List.of(), files(".deleted"));
            assertEquals(2, log.logEndOffset());
        } finally {
            log.close();
        }
    }

    @Test
    void flushMsFlushesWhenDueAndMovesTheRecoveryPoint() {
        Log log = open(config("flush.ms", "1000"));
        try {
            log.appendAsLeader(batch(1, "a", "b"), 0);
            assertEquals(0, log.recoveryPoint());
            assertEquals(2, log.unflushedMessages());
            clock.advance(999);
            log.flushIfDue();
            assertEquals(0, log.recoveryPoint());
            clock.advance(1);
            log.flushIfDue();
            assertEquals(2, log.recoveryPoint());
            assertEquals(clock.milliseconds(), log.lastFlushedTime());
        } finally {
            log.close();
        }
    }

    @Test
    void segmentJitterShortensSegmentMs() {
        LogConfig c = config("segment.ms", "1000", "segment.jitter.ms", "400");
        for (int i = 0; i < 50; i++) {
            long jitter = c.randomSegmentJitter();
            assertTrue(jitter >= 0 && jitter < 400, "jitter " + jitter);
        }
        assertEquals(0, config("segment.ms", "1000").randomSegmentJitter());
        Log log = open(c);
        try {
            log.appendAsLeader(batch(clock.milliseconds(), "a"), 0);
            long jitter = log.activeSegment().rollJitterMs();
            log.appendAsLeader(batch(clock.milliseconds() + 1000 - jitter, "b"), 0);
            assertEquals(1, log.numberOfSegments(), "exactly segment.ms - jitter: no roll yet");
            log.appendAsLeader(batch(clock.milliseconds() + 1001 - jitter, "c"), 0);
            assertEquals(2, log.numberOfSegments());
        } finally {
            log.close();
        }
    }
}
