package io.klassic.log;

import io.klassic.protocol.record.CorruptRecordException;
import io.klassic.protocol.record.Record;
import io.klassic.protocol.record.RecordBatch;
import io.klassic.protocol.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.klassic.log.TestUtils.batch;
import static io.klassic.log.TestUtils.batchAt;
import static io.klassic.log.TestUtils.batchWithTimestamps;
import static io.klassic.log.TestUtils.bigBatch;
import static io.klassic.log.TestUtils.config;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogTest {
    @TempDir
    File tmp;

    private final TestUtils.MockClock clock = new TestUtils.MockClock(1_700_000_000_000L);

    private File partitionDir() {
        return new File(tmp, "my-topic-0");
    }

    private Log open(LogConfig config) {
        return open(config, 0, 0, true);
    }

    private Log open(LogConfig config, long recoveryPoint, long logStartOffset, boolean clean) {
        return Log.open(partitionDir(), "my-topic", 0, config, recoveryPoint, logStartOffset, clean,
            clock::milliseconds);
    }

    private static List<String> expectedValues(int batches, int perBatch) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            for (int j = 0; j < perBatch; j++) {
                values.add(String.format("b%03dr%d", i, j));
            }
        }
        return values;
    }

    private static void appendBatches(Log log, int batches, int perBatch, long timestamp) {
        for (int i = 0; i < batches; i++) {
            String[] values = new String[perBatch];
            for (int j = 0; j < perBatch; j++) {
                values[j] = String.format("b%03dr%d", i, j);
            }
            log.appendAsLeader(batch(timestamp, values), 3);
        }
    }

    @Test
    void appendAsLeaderAssignsOffsetsAndStampsTheLeaderEpoch() throws Exception {
        Log log = open(LogConfig.defaults());
        try {
            assertEquals(0, log.logEndOffset());
            LogAppendInfo first = log.appendAsLeader(batch(1000, "a", "b", "c"), 7);
            assertEquals(new LogAppendInfo(0, 2, -1, 1000, 2, 3, first.validBytes()), first);
            ByteBuffer second = batch(2000, "d", "e");
            int size = second.remaining();
            LogAppendInfo info = log.appendAsLeader(second, 8);
            assertEquals(new LogAppendInfo(3, 4, -1, 2000, 4, 2, size), info);
            assertEquals(3, new RecordBatch(second).baseOffset(), "the batch was rewritten in place");
            assertEquals(5, log.logEndOffset());

            List<RecordBatch> batches = TestUtils.batches(log.read(0, 10_000, Long.MAX_VALUE, false).records());
            assertEquals(2, batches.size());
            assertEquals(0, batches.get(0).baseOffset());
            assertEquals(7, batches.get(0).partitionLeaderEpoch());
            assertEquals(3, batches.get(1).baseOffset());
            assertEquals(8, batches.get(1).partitionLeaderEpoch());
            assertTrue(batches.get(1).isValid(), "base offset and epoch are outside the CRC");
            List<Record> records = TestUtils.records(log.read(0, 10_000, Long.MAX_VALUE, false).records());
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), records.stream().map(Record::offset).toList());
            assertEquals(List.of("a", "b", "c", "d", "e"), records.stream().map(TestUtils::value).toList());
        } finally {
            log.close();
        }
    }

    @Test
    void logAppendTimeTopicStampsTheBrokerTime() throws Exception {
        Log log = open(config("message.timestamp.type", "LogAppendTime"));
        try {
            LogAppendInfo info = log.appendAsLeader(batch(5, "a", "b"), 0);
            assertEquals(clock.milliseconds(), info.logAppendTime());
            assertEquals(clock.milliseconds(), info.maxTimestamp());
            RecordBatch stored = TestUtils.batches(log.read(0, 1000, Long.MAX_VALUE, false).records()).get(0);
            assertEquals(TimestampType.LOG_APPEND_TIME, stored.timestampType());
            assertTrue(stored.isValid(), "the CRC was recomputed");
            for (Record r : TestUtils.records(log.read(0, 1000, Long.MAX_VALUE, false).records())) {
                assertEquals(clock.milliseconds(), r.timestamp());
            }
        } finally {
            log.close();
        }
    }

    @Test
    void rollsBySegmentBytesAndTrimsTheIndexesOfRolledSegments() throws Exception {
        int batchSize = batch(0, "b000r0", "b000r1").remaining();
        Log log = open(config("segment.bytes", Integer.toString(batchSize * 3), "index.interval.bytes", "1"));
        try {
            appendBatches(log, 10, 2, 1000);
            assertEquals(4, log.numberOfSegments());
            List<Long> bases = log.logSegments().stream().map(LogSegment::baseOffset).toList();
            assertEquals(List.of(0L, 6L, 12L, 18L), bases);
            for (long base : List.of(0L, 6L, 12L)) {
                File index = LogSegment.indexFile(partitionDir(), base);
                assertEquals(2 * OffsetIndex.ENTRY_SIZE, index.length(), "a rolled segment's index is trimmed");
                assertEquals(batchSize * 3, LogSegment.logFile(partitionDir(), base).length());
            }
            assertEquals(LogConfig.defaults().segmentIndexBytes(),
                LogSegment.indexFile(partitionDir(), 18).length(), "the active index stays preallocated");
            assertEquals(18, log.recoveryPoint(), "rolled segments are flushed");
            assertEquals(expectedValues(10, 2), TestUtils.readAllValues(log));
        } finally {
            log.close();
        }
    }

    @Test
    void rollsWhenTheOffsetIndexIsFull() throws Exception {
        Log log = open(config("segment.index.bytes", "48", "index.interval.bytes", "0"));
        try {
            appendBatches(log, 10, 1, 1000);
            // 6 offset index entries fit; the first batch of a segment gets none: 7 batches per segment.
            assertEquals(List.of(0L, 7L), log.logSegments().stream().map(LogSegment::baseOffset).toList());
            assertEquals(6, log.logSegments().get(0).offsetIndex().entries());
            assertEquals(expectedValues(10, 1), TestUtils.readAllValues(log));
        } finally {
            log.close();
        }
    }

    @Test
    void rollsWhenTheTimeIndexIsFull() throws Exception {
        Log log = open(config("segment.index.bytes", "48", "index.interval.bytes", "0"));
        try {
            for (int i = 0; i < 10; i++) {
                log.appendAsLeader(batch(1000 + i, "x" + i), 0);
            }
            // 4 time index slots, one reserved for the roll: 3 entries, the first batch gets none.
            assertEquals(List.of(0L, 4L, 8L), log.logSegments().stream().map(LogSegment::baseOffset).toList());
            assertEquals(3, log.logSegments().get(0).timeIndex().entries(),
                "the roll entry adds nothing when the largest timestamp is already indexed");
            assertEquals(new TimestampOffset(1003, 3), log.logSegments().get(0).timeIndex().lastEntry());
        } finally {
            log.close();
        }
    }

    @Test
    void rollsWhenSegmentMsElapsed() throws Exception {
        Log log = open(config("segment.ms", "60000"));
        try {
            long now = clock.milliseconds();
            log.appendAsLeader(batch(now, "a"), 0);
            log.appendAsLeader(batch(now + 59_000, "b"), 0);
            assertEquals(1, log.numberOfSegments());
            log.appendAsLeader(batch(now + 60_001, "c"), 0);
            assertEquals(2, log.numberOfSegments(), "the batch timestamp is 60001 ms past the segment's first");
            assertEquals(2, log.activeSegment().baseOffset());
        } finally {
            log.close();
        }
    }

    @Test
    void readsCrossSegmentsAndRespectMaxBytesAndMaxOffset() throws Exception {
        int batchSize = batch(0, "b000r0", "b000r1").remaining();
        Log log = open(config("segment.bytes", Integer.toString(batchSize * 4)));
        try {
            appendBatches(log, 12, 2, 1000);
            assertEquals(3, log.numberOfSegments());

            FetchDataInfo atBoundary = log.read(8, 100_000, Long.MAX_VALUE, false);
            assertEquals(8, atBoundary.fetchOffsetMetadata().messageOffset());
            assertEquals(8, atBoundary.fetchOffsetMetadata().segmentBaseOffset());
            assertEquals(0, atBoundary.fetchOffsetMetadata().relativePositionInSegment());
            assertEquals(4, TestUtils.batches(atBoundary.records()).size(), "one read stays in one segment");

            FetchDataInfo mid = log.read(5, 100_000, Long.MAX_VALUE, false);
            assertEquals(0, mid.fetchOffsetMetadata().segmentBaseOffset());
            List<RecordBatch> batches = TestUtils.batches(mid.records());
            assertEquals(4, batches.get(0).baseOffset(), "from the batch holding offset 5");
            assertEquals(2, batches.size());

            FetchDataInfo cut = log.read(0, batchSize * 2 + batchSize / 2, Long.MAX_VALUE, false);
            assertEquals(batchSize * 2, cut.records().sizeInBytes(), "whole batches only");

            FetchDataInfo belowHw = log.read(0, 100_000, 5, false);
            assertEquals(List.of(0L, 2L), TestUtils.batches(belowHw.records()).stream()
                .map(RecordBatch::baseOffset).toList(), "the batch holding offset 5 is not below it entirely");
            assertEquals(0, log.read(6, 100_000, 6, false).records().sizeInBytes(), "at the max offset");
            assertEquals(0, log.read(10, 100_000, 8, false).records().sizeInBytes(), "above the max offset");
            FetchDataInfo hwInNextSegment = log.read(4, 100_000, 10, false);
            assertEquals(2, TestUtils.batches(hwInNextSegment.records()).size());

            assertEquals(expectedValues(12, 2), TestUtils.readAllValues(log));
        } finally {
            log.close();
        }
    }

    @Test
    void minOneMessageReturnsABatchLargerThanMaxBytes() throws Exception {
        Log log = open(LogConfig.defaults());
        try {
            log.appendAsLeader(batch(1, "small"), 0);
            log.appendAsLeader(bigBatch(1, 5000), 0);
            log.appendAsLeader(batch(1, "after"), 0);
            FetchDataInfo without = log.read(1, 1000, Long.MAX_VALUE, false);
            assertEquals(0, without.records().sizeInBytes());
            FetchDataInfo with = log.read(1, 1000, Long.MAX_VALUE, true);
            List<RecordBatch> batches = TestUtils.batches(with.records());
            assertEquals(1, batches.size(), "exactly the one big batch");
            assertEquals(1, batches.get(0).baseOffset());
            assertTrue(with.records().sizeInBytes() > 5000);
        } finally {
            log.close();
        }
    }

    @Test
    void readAtTheLogEndIsEmptyAndOutsideTheRangeThrows() {
        Log log = open(LogConfig.defaults());
        try {
            FetchDataInfo empty = log.read(0, 1000, Long.MAX_VALUE, true);
            assertEquals(0, empty.records().sizeInBytes(), "empty log");
            log.appendAsLeader(batch(1, "a", "b"), 0);
            FetchDataInfo atEnd = log.read(2, 1000, Long.MAX_VALUE, true);
            assertEquals(0, atEnd.records().sizeInBytes());
            assertEquals(2, atEnd.fetchOffsetMetadata().messageOffset());
            assertThrows(OffsetOutOfRangeException.class, () -> log.read(3, 1000, Long.MAX_VALUE, true));
            assertThrows(OffsetOutOfRangeException.class, () -> log.read(-1, 1000, Long.MAX_VALUE, true));
        } finally {
            log.close();
        }
        Log later = open(LogConfig.defaults(), 0, 2, true);
        try {
            assertEquals(2, later.logStartOffset(), "the checkpointed log start offset");
            assertThrows(OffsetOutOfRangeException.class, () -> later.read(1, 1000, Long.MAX_VALUE, true));
            assertEquals(0, later.read(2, 1000, Long.MAX_VALUE, true).records().sizeInBytes());
        } finally {
            later.close();
        }
    }

    @Test
    void fetchOffsetByTimestampSearchesAcrossSegments() {
        int batchSize = batchWithTimestamps(100, 200).remaining();
        Log log = open(config("segment.bytes", Integer.toString(batchSize * 2), "index.interval.bytes", "1"));
        try {
            log.appendAsLeader(batchWithTimestamps(100, 200), 1);
            log.appendAsLeader(batchWithTimestamps(300, 250), 1);
            log.appendAsLeader(batchWithTimestamps(400, 500), 2);
            log.appendAsLeader(batchWithTimestamps(450, 600), 2);
            assertEquals(2, log.numberOfSegments());
            assertEquals(Optional.of(new TimestampAndOffset(100, 0, 1)), log.fetchOffsetByTimestamp(0));
            assertEquals(Optional.of(new TimestampAndOffset(200, 1, 1)), log.fetchOffsetByTimestamp(150));
            assertEquals(Optional.of(new TimestampAndOffset(300, 2, 1)), log.fetchOffsetByTimestamp(201));
            assertEquals(Optional.of(new TimestampAndOffset(400, 4, 2)), log.fetchOffsetByTimestamp(301));
            assertEquals(Optional.of(new TimestampAndOffset(500, 5, 2)), log.fetchOffsetByTimestamp(460));
            assertEquals(Optional.of(new TimestampAndOffset(600, 7, 2)), log.fetchOffsetByTimestamp(600));
            assertEquals(Optional.empty(), log.fetchOffsetByTimestamp(601));
        } finally {
            log.close();
        }
    }

    @Test
    void reopenAfterCleanCloseKeepsEverything() throws Exception {
        int batchSize = batch(0, "b000r0", "b000r1").remaining();
        LogConfig config = config("segment.bytes", Integer.toString(batchSize * 3), "index.interval.bytes", "1");
        Log log = open(config);
        long end;
        try {
            appendBatches(log, 8, 2, 1000);
            log.appendAsLeader(batchWithTimestamps(5000), 3);
            end = log.logEndOffset();
            log.flush();
            assertEquals(end, log.recoveryPoint());
        } finally {
            log.close();
        }
        assertEquals(0, LogSegment.indexFile(partitionDir(), 12).length() % OffsetIndex.ENTRY_SIZE);
        assertTrue(LogSegment.indexFile(partitionDir(), 12).length() < 1000, "trimmed on close");
        Log reopened = open(config, end, 0, true);
        try {
            assertEquals(end, reopened.logEndOffset());
            assertEquals(end, reopened.recoveryPoint());
            assertEquals(List.of(0L, 6L, 12L), reopened.logSegments().stream().map(LogSegment::baseOffset).toList());
            List<String> expected = new ArrayList<>(expectedValues(8, 2));
            expected.add("v5000");
            assertEquals(expected, TestUtils.readAllValues(reopened));
            assertEquals(Optional.of(new TimestampAndOffset(5000, 16, 3)), reopened.fetchOffsetByTimestamp(2000));
            LogAppendInfo info = reopened.appendAsLeader(batch(6000, "next"), 4);
            assertEquals(end, info.firstOffset());
            assertEquals(LogConfig.defaults().segmentIndexBytes(),
                reopened.activeSegment().offsetIndex().sizeInBytes(), "the active index is resized for appends");
        } finally {
            reopened.close();
        }
    }

    @Test
    void recoveryTruncatesGarbageAfterTheLastBatch() throws Exception {
        long end = writeAndCrash(log -> appendBatches(log, 5, 2, 1000));
        File segmentFile = LogSegment.logFile(partitionDir(), 0);
        long validLength = segmentFile.length();
        Files.write(segmentFile.toPath(), new byte[]{0, 0, 0, 0, 0, 0, 0, 10, 0, 0, 0, 60, 1, 2, 3, 4, 5, 6, 7},
            java.nio.file.StandardOpenOption.APPEND);
        assertRecoveredTo(end, validLength, expectedValues(5, 2));
    }

    @Test
    void recoveryTruncatesAtAFlippedByteInTheLastBatch() throws Exception {
        long[] lastBatchStart = new long[1];
        writeAndCrash(log -> {
            appendBatches(log, 4, 2, 1000);
            lastBatchStart[0] = log.activeSegment().size();
            appendBatches(log, 1, 2, 1000);
        });
        File segmentFile = LogSegment.logFile(partitionDir(), 0);
        try (RandomAccessFile raf = new RandomAccessFile(segmentFile, "rw")) {
            long pos = segmentFile.length() - 3;
            raf.seek(pos);
            int b = raf.read();
            raf.seek(pos);
            raf.write(b ^ 0x40);
        }
        assertRecoveredTo(8, lastBatchStart[0], expectedValues(4, 2));
    }

    @Test
    void recoveryTruncatesATruncatedLastBatch() throws Exception {
        long[] lastBatchStart = new long[1];
        writeAndCrash(log -> {
            appendBatches(log, 4, 2, 1000);
            lastBatchStart[0] = log.activeSegment().size();
            appendBatches(log, 1, 2, 1000);
        });
        File segmentFile = LogSegment.logFile(partitionDir(), 0);
        try (RandomAccessFile raf = new RandomAccessFile(segmentFile, "rw")) {
            raf.setLength(segmentFile.length() - 10);
        }
        assertRecoveredTo(8, lastBatchStart[0], expectedValues(4, 2));
    }

    @Test
    void recoveryOfACorruptMiddleSegmentDeletesTheSegmentsAfterIt() throws Exception {
        int batchSize = batch(0, "b000r0", "b000r1").remaining();
        LogConfig config = config("segment.bytes", Integer.toString(batchSize * 2));
        Log log = open(config);
        try {
            appendBatches(log, 6, 2, 1000);
            assertEquals(3, log.numberOfSegments());
        } finally {
            log.close();
        }
        try (RandomAccessFile raf = new RandomAccessFile(LogSegment.logFile(partitionDir(), 4), "rw")) {
            raf.seek(batchSize + 40);
            raf.write(0x7f);
        }
        Log recovered = open(config, 0, 0, false);
        try {
            assertEquals(6, recovered.logEndOffset());
            assertEquals(2, recovered.numberOfSegments());
            assertFalse(LogSegment.logFile(partitionDir(), 8).exists());
            assertEquals(expectedValues(3, 2), TestUtils.readAllValues(recovered));
            assertEquals(6, recovered.appendAsLeader(batch(1, "z"), 0).firstOffset());
        } finally {
            recovered.close();
        }
    }

    @Test
    void cleanShutdownTrustsTheFilesButRebuildsMissingOrCorruptIndexes() throws Exception {
        LogConfig config = config("index.interval.bytes", "1");
        Log log = open(config);
        try {
            appendBatches(log, 20, 2, 1000);
        } finally {
            log.close();
        }
        File index = LogSegment.indexFile(partitionDir(), 0);
        File timeIndex = LogSegment.timeIndexFile(partitionDir(), 0);
        byte[] originalIndex = Files.readAllBytes(index.toPath());
        Files.delete(index.toPath());
        Log rebuilt = open(config, 40, 0, true);
        try {
            assertEquals(40, rebuilt.logEndOffset());
            assertEquals(expectedValues(20, 2), TestUtils.readAllValues(rebuilt));
        } finally {
            rebuilt.close();
        }
        assertArrayEquals(originalIndex, Files.readAllBytes(index.toPath()), "the same index is rebuilt");

        try (RandomAccessFile raf = new RandomAccessFile(index, "rw")) {
            raf.seek(8);
            raf.writeInt(0);
        }
        Files.write(timeIndex.toPath(), new byte[7]);
        Log again = open(config, 40, 0, true);
        try {
            assertEquals(expectedValues(20, 2), TestUtils.readAllValues(again));
        } finally {
            again.close();
        }
        assertArrayEquals(originalIndex, Files.readAllBytes(index.toPath()));
    }

    /** Writes through a log that is then abandoned without close (its files flushed as after a crash). */
    private long writeAndCrash(java.util.function.Consumer<Log> writes) throws Exception {
        Log log = open(LogConfig.defaults());
        File snapshot = new File(tmp, "snapshot");
        long end;
        try {
            writes.accept(log);
            log.flush();
            end = log.logEndOffset();
            // What kill -9 leaves: the files as they are while open (indexes preallocated, no final entries).
            Files.createDirectory(snapshot.toPath());
            for (File f : partitionDir().listFiles()) {
                Files.copy(f.toPath(), new File(snapshot, f.getName()).toPath());
            }
        } finally {
            log.close();
        }
        SegmentDeleter.deleteRecursively(partitionDir().toPath());
        Files.move(snapshot.toPath(), partitionDir().toPath());
        assertEquals(LogConfig.defaults().segmentIndexBytes(), LogSegment.indexFile(partitionDir(), 0).length());
        return end;
    }

    private void assertRecoveredTo(long expectedEnd, long expectedLength, List<String> expectedValues)
        throws Exception {
        Log recovered = open(LogConfig.defaults(), 0, 0, false);
        try {
            assertEquals(expectedEnd, recovered.logEndOffset());
            assertEquals(expectedLength, LogSegment.logFile(partitionDir(), 0).length());
            assertEquals(expectedValues, TestUtils.readAllValues(recovered));
            LogAppendInfo info = recovered.appendAsLeader(batch(1, "after", "recovery"), 9);
            assertEquals(expectedEnd, info.firstOffset(), "appends continue at the recovered end");
            assertEquals(expectedEnd + 2, recovered.logEndOffset());
            List<Record> last = TestUtils.records(recovered.read(expectedEnd, 1000, Long.MAX_VALUE, false).records());
            assertEquals(List.of("after", "recovery"), last.stream().map(TestUtils::value).toList());
        } finally {
            recovered.close();
        }
    }

    @Test
    void highWatermarkIsClampedToTheLog() {
        Log log = open(LogConfig.defaults());
        try {
            log.appendAsLeader(batch(1, "a", "b", "c"), 0);
            assertEquals(0, log.highWatermark());
            log.updateHighWatermark(log.logEndOffset());
            assertEquals(3, log.highWatermark());
            log.updateHighWatermark(10);
            assertEquals(3, log.highWatermark());
            log.updateHighWatermark(-5);
            assertEquals(0, log.highWatermark());
        } finally {
            log.close();
        }
    }

    @Test
    void rejectsTooLargeBatchesAndPartialInput() {
        Log log = open(config("max.message.bytes", "500", "segment.bytes", "2000"));
        try {
            RecordTooLargeException tooLarge = assertThrows(RecordTooLargeException.class,
                () -> log.appendAsLeader(bigBatch(1, 600), 0));
            assertFalse(tooLarge.exceedsSegmentSize());
            ByteBuffer many = TestUtils.concat(bigBatch(1, 400), bigBatch(1, 400), bigBatch(1, 400),
                bigBatch(1, 400), bigBatch(1, 400));
            assertTrue(assertThrows(RecordTooLargeException.class, () -> log.appendAsLeader(many, 0))
                .exceedsSegmentSize());
            ByteBuffer partial = batch(1, "a").limit(30);
            assertThrows(CorruptRecordException.class, () -> log.appendAsLeader(partial, 0));
            assertEquals(0, log.logEndOffset(), "nothing was appended");
        } finally {
            log.close();
        }
    }

    @Test
    void followerAppendKeepsOffsetsAndTruncateToRemovesTheTail() throws Exception {
        int batchSize = batchAt(0, 1, "a", "b").remaining();
        Log log = open(config("segment.bytes", Integer.toString(batchSize * 2)));
        try {
            log.appendAsFollower(batchAt(0, 1, "a", "b"));
            log.appendAsFollower(batchAt(2, 1, "c", "d"));
            log.appendAsFollower(TestUtils.concat(batchAt(4, 1, "e", "f"), batchAt(6, 1, "g", "h")));
            assertEquals(8, log.logEndOffset());
            assertThrows(IllegalArgumentException.class, () -> log.appendAsFollower(batchAt(7, 1, "x")));
            assertEquals(2, log.numberOfSegments());
            log.updateHighWatermark(8);

            assertTrue(log.truncateTo(5));
            assertEquals(4, log.logEndOffset(), "the batch holding offset 5 goes whole");
            assertEquals(4, log.highWatermark());
            assertEquals(List.of("a", "b", "c", "d"), TestUtils.readAllValues(log));
            assertEquals(4, log.appendAsLeader(batch(1, "E"), 5).firstOffset());

            assertTrue(log.truncateTo(2));
            assertEquals(1, log.numberOfSegments());
            assertEquals(List.of("a", "b"), TestUtils.readAllValues(log));
            assertFalse(log.truncateTo(10));

            log.truncateFullyAndStartAt(100);
            assertEquals(100, log.logStartOffset());
            assertEquals(100, log.logEndOffset());
            assertEquals(List.of(100L), log.logSegments().stream().map(LogSegment::baseOffset).toList());
            assertEquals(100, log.appendAsLeader(batch(1, "z"), 5).firstOffset());
        } finally {
            log.close();
        }
    }

    @Test
    void flushMessagesFlushesAndMovesTheRecoveryPoint() {
        Log log = open(config("flush.messages", "3"));
        try {
            log.appendAsLeader(batch(1, "a", "b"), 0);
            assertEquals(0, log.recoveryPoint());
            log.appendAsLeader(batch(1, "c"), 0);
            assertEquals(3, log.recoveryPoint());
        } finally {
            log.close();
        }
    }

    @Test
    void deleteRemovesTheDirectory() {
        Log log = open(LogConfig.defaults());
        log.appendAsLeader(batch(1, "a"), 0);
        log.delete();
        assertFalse(partitionDir().exists());
        assertEquals(0, tmp.listFiles().length, "no -delete directory is left");
        assertThrows(IllegalStateException.class, () -> log.appendAsLeader(batch(1, "b"), 0));
    }

    @Test
    void readersSeeWholeBatchesWhileAppendsHappen() throws Exception {
        int batchSize = batch(0, "b000r0", "b000r1").remaining();
        Log log = open(config("segment.bytes", Integer.toString(batchSize * 5), "index.interval.bytes", "100"));
        int batches = 300;
        List<Throwable> failures = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                long offset = 0;
                while (offset < 2L * batches && !Thread.currentThread().isInterrupted()) {
                    FetchDataInfo info = log.read(offset, batchSize * 3, Long.MAX_VALUE, true);
                    for (RecordBatch batch : TestUtils.batches(info.records())) {
                        if (batch.baseOffset() != offset) {
                            throw new AssertionError("Expected a batch at " + offset + " but got " + batch);
                        }
                        offset = batch.nextOffset();
                    }
                }
            } catch (Throwable t) {
                synchronized (failures) {
                    failures.add(t);
                }
            }
        });
        try {
            reader.start();
            appendBatches(log, batches, 2, 1000);
            reader.join(60_000);
            assertFalse(reader.isAlive(), "the reader finished");
            assertEquals(List.of(), failures);
        } finally {
            reader.interrupt();
            reader.join(10_000);
            log.close();
        }
    }
}
