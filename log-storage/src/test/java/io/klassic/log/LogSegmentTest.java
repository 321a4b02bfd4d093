package io.klassic.log;

import io.klassic.protocol.record.Record;
import io.klassic.protocol.record.RecordBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.klassic.log.TestUtils.batchAt;
import static io.klassic.log.TestUtils.batchWithTimestamps;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogSegmentTest {
    @TempDir
    File dir;

    private final TestUtils.MockClock clock = new TestUtils.MockClock(1_000_000);

    private LogSegment open(long baseOffset, LogConfig config) throws Exception {
        return LogSegment.open(dir, baseOffset, config, clock::milliseconds);
    }

    /** Appends batches of 2 records each at offsets base, base+2, ..., with timestamps 1000 + offset. */
    private List<ByteBuffer> appendBatches(LogSegment segment, long base, int count) throws Exception {
        List<ByteBuffer> appended = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long offset = base + 2L * i;
            ByteBuffer batch = batchAt(offset, 1000 + offset, "v" + offset, "v" + (offset + 1));
            segment.append(offset + 1, 1000 + offset, offset + 1, batch);
            appended.add(batch);
        }
        return appended;
    }

    @Test
    void filesAreNamedByTwentyDigitBaseOffset() throws Exception {
        LogSegment segment = open(42, LogConfig.defaults());
        try {
            assertTrue(new File(dir, "00000000000000000042.log").exists());
            assertTrue(new File(dir, "00000000000000000042.index").exists());
            assertTrue(new File(dir, "00000000000000000042.timeindex").exists());
            assertEquals(42, LogSegment.offsetFromFileName("00000000000000000042.log", ".log"));
            assertEquals(-1, LogSegment.offsetFromFileName("42.log", ".log"));
            assertEquals(-1, LogSegment.offsetFromFileName("00000000000000000042.index", ".log"));
        } finally {
            segment.close();
        }
    }

    @Test
    void appendAddsIndexEntriesEveryIndexIntervalAndReadsByOffset() throws Exception {
        LogConfig config = TestUtils.config("index.interval.bytes", "200");
        LogSegment segment = open(100, config);
        try {
            List<ByteBuffer> batches = appendBatches(segment, 100, 20);
            int batchSize = batches.get(0).remaining();
            assertTrue(batchSize < 200);
            int perEntry = 200 / batchSize + 1;
            assertEquals((20 - 1) / perEntry, segment.offsetIndex().entries(),
                "an entry each time more than index.interval.bytes were appended since the last one");
            for (int i = 0; i < segment.offsetIndex().entries(); i++) {
                OffsetPosition entry = segment.offsetIndex().entry(i);
                int batchIndex = (int) ((entry.offset() - 1 - 100) / 2);
                assertEquals((long) batchIndex * batchSize, entry.position(), "entry " + i + " points at its batch");
            }
            assertEquals(140, segment.readNextOffset());

            for (long offset = 100; offset < 140; offset++) {
                FetchDataInfo info = segment.read(offset, batchSize, segment.size(), false);
                List<RecordBatch> read = TestUtils.batches(info.records());
                assertEquals(1, read.size());
                assertTrue(read.get(0).baseOffset() <= offset && offset <= read.get(0).lastOffset());
                assertEquals(offset, info.fetchOffsetMetadata().messageOffset());
                assertEquals(info.records().position(), info.fetchOffsetMetadata().relativePositionInSegment());
            }
            assertNull(segment.read(140, 1000, segment.size(), true), "beyond the segment");

            FetchDataInfo cut = segment.read(100, batchSize * 3 + 10, segment.size(), false);
            assertEquals(batchSize * 3, cut.records().sizeInBytes(), "whole batches only");
            FetchDataInfo bounded = segment.read(100, 100_000, batchSize * 2 + 5, false);
            assertEquals(batchSize * 2, bounded.records().sizeInBytes(), "nothing past maxPosition");
            assertEquals(0, segment.read(100, batchSize - 1, segment.size(), false).records().sizeInBytes());
            assertEquals(batchSize, segment.read(100, batchSize - 1, segment.size(), true).records().sizeInBytes());
        } finally {
            segment.close();
        }
    }

    @Test
    void findOffsetByTimestampReturnsFirstRecordAtOrAfterTarget() throws Exception {
        LogSegment segment = open(0, TestUtils.config("index.interval.bytes", "1"));
        try {
            segment.append(2, 30, 2, batchWithTimestamps(10, 30, 20));
            ByteBuffer second = batchWithTimestamps(40, 50);
            new RecordBatch(second).setBaseOffset(3);
            segment.append(4, 50, 4, second);
            ByteBuffer third = batchWithTimestamps(50, 60);
            new RecordBatch(third).setBaseOffset(5);
            segment.append(6, 60, 6, third);

            assertEquals(Optional.of(new TimestampAndOffset(10, 0, -1)), segment.findOffsetByTimestamp(5, 0));
            assertEquals(Optional.of(new TimestampAndOffset(30, 1, -1)), segment.findOffsetByTimestamp(15, 0),
                "first record with timestamp >= 15 is offset 1 (30), not offset 2 (20)");
            assertEquals(Optional.of(new TimestampAndOffset(40, 3, -1)), segment.findOffsetByTimestamp(31, 0));
            assertEquals(Optional.of(new TimestampAndOffset(50, 4, -1)), segment.findOffsetByTimestamp(50, 0),
                "equal timestamps: the first one");
            assertEquals(Optional.of(new TimestampAndOffset(60, 6, -1)), segment.findOffsetByTimestamp(55, 0));
            assertEquals(Optional.of(new TimestampAndOffset(50, 5, -1)), segment.findOffsetByTimestamp(45, 5),
                "not before the starting offset");
            assertEquals(Optional.empty(), segment.findOffsetByTimestamp(61, 0));
            assertEquals(60, segment.largestTimestamp());
        } finally {
            segment.close();
        }
    }

    @Test
    void recoverRebuildsTheSameIndexesAndTruncatesGarbage() throws Exception {
        LogConfig config = TestUtils.config("index.interval.bytes", "100");
        LogSegment segment = open(0, config);
        List<OffsetPosition> offsetEntries = new ArrayList<>();
        List<TimestampOffset> timeEntries = new ArrayList<>();
        int validSize;
        try {
            appendBatches(segment, 0, 30);
            for (int i = 0; i < segment.offsetIndex().entries(); i++) {
                offsetEntries.add(segment.offsetIndex().entry(i));
            }
            for (int i = 0; i < segment.timeIndex().entries(); i++) {
                timeEntries.add(segment.timeIndex().entry(i));
            }
            validSize = segment.size();
            segment.log().append(ByteBuffer.wrap("this is not a record batch at all, just garbage".getBytes()));

            assertEquals(47, segment.recover());
            assertEquals(validSize, segment.size());
            assertEquals(60, segment.readNextOffset());
            List<OffsetPosition> rebuilt = new ArrayList<>();
            for (int i = 0; i < segment.offsetIndex().entries(); i++) {
                rebuilt.add(segment.offsetIndex().entry(i));
            }
            assertEquals(offsetEntries, rebuilt);
            for (int i = 0; i < timeEntries.size(); i++) {
                assertEquals(timeEntries.get(i), segment.timeIndex().entry(i));
            }
            assertEquals(new TimestampOffset(1058, 59), segment.timeIndex().lastEntry(),
                "the largest timestamp is recorded last");
        } finally {
            segment.close();
        }
    }

    @Test
    void recoverTruncatesAtAFlippedByteAndAtATruncatedBatch() throws Exception {
        LogSegment segment = open(0, LogConfig.defaults());
        try {
            List<ByteBuffer> batches = appendBatches(segment, 0, 5);
            int size = batches.get(0).remaining();
            segment.flush();
            try (RandomAccessFile raf = new RandomAccessFile(segment.log().file(), "rw")) {
                raf.seek(3L * size + 70);
                int b = raf.read();
                raf.seek(3L * size + 70);
                raf.write(b ^ 0x01);
            }
            assertEquals(2 * size, segment.recover(), "the 4th batch fails its CRC; it and the 5th go");
            assertEquals(6, segment.readNextOffset());

            segment.log().append(batchAt(6, 1, "partial").limit(30));
            assertEquals(30, segment.recover());
            assertEquals(3 * size, segment.size());
        } finally {
            segment.close();
        }
    }

    @Test
    void truncateToRemovesBatchesFromOffsetOn() throws Exception {
        LogSegment segment = open(0, TestUtils.config("index.interval.bytes", "1"));
        try {
            List<ByteBuffer> batches = appendBatches(segment, 0, 10);
            int size = batches.get(4).remaining();
            assertEquals(4 * batches.get(6).remaining(), segment.truncateTo(12));
            assertEquals(12, segment.readNextOffset());
            assertEquals(1010, segment.largestTimestamp(), "the batch at offset 10 remains");
            assertTrue(segment.offsetIndex().lastOffset() < 12);
            assertTrue(segment.timeIndex().lastEntry().offset() < 12);
            assertEquals(size + batches.get(5).remaining(), segment.truncateTo(9),
                "the batch holding offset 9 goes whole");
            assertEquals(8, segment.readNextOffset());
            appendBatches(segment, 8, 1);
            List<Record> records = TestUtils.records(segment.read(8, 1000, segment.size(), false).records());
            assertEquals(8, records.get(0).offset());
        } finally {
            segment.close();
        }
    }

    @Test
    void shouldRollBySizeTimeAndFullIndex() throws Exception {
        LogConfig config = TestUtils.config("segment.bytes", "1000", "segment.ms", "60000");
        LogSegment segment = open(0, config);
        try {
            long now = clock.milliseconds();
            assertTrue(!segment.shouldRoll(100, now, 0, now, config), "empty segment");
            segment.append(0, now, 0, batchAt(0, now, "a"));
            int size = segment.size();
            assertTrue(!segment.shouldRoll(1000 - size, now, 1, now, config));
            assertTrue(segment.shouldRoll(1000 - size + 1, now, 1, now, config), "would exceed segment.bytes");
            assertTrue(segment.shouldRoll(10, now + 60_001, 1, now, config), "segment.ms after the first timestamp");
            assertTrue(segment.shouldRoll(10, now, (long) Integer.MAX_VALUE + 1, now, config), "offset out of reach");
        } finally {
            segment.close();
        }
    }

    @Test
    void suffixedSegmentsAreRenamedIndexesFirstAndKeepWorking() throws Exception {
        LogSegment segment = LogSegment.open(dir, 5, TestUtils.config("index.interval.bytes", "1"),
            clock::milliseconds, Log.CLEANED_FILE_SUFFIX, 0);
        try {
            assertEquals("00000000000000000005.log.cleaned", segment.log().file().getName());
            segment.append(6, 100, 6, TestUtils.batchAt(5, 100, "a", "b"));
            segment.append(7, 100, 7, TestUtils.batchAt(7, 100, "c"));
            segment.changeFileSuffixes(Log.CLEANED_FILE_SUFFIX, Log.SWAP_FILE_SUFFIX);
            segment.changeFileSuffixes(Log.SWAP_FILE_SUFFIX, "");
            assertEquals(LogSegment.logFile(dir, 5), segment.log().file());
            assertEquals(LogSegment.indexFile(dir, 5), segment.offsetIndex().file());
            assertEquals(LogSegment.timeIndexFile(dir, 5), segment.timeIndex().file());
            assertEquals(3, TestUtils.records(segment.read(5, 1000, segment.size(), false).records()).size());
            assertEquals(List.of("00000000000000000005.index", "00000000000000000005.log",
                "00000000000000000005.timeindex"), java.util.Arrays.stream(dir.list()).sorted().toList());
            assertThrows(IllegalArgumentException.class, () -> segment.changeFileSuffixes(".swap", ""));
            assertEquals(100, segment.largestTimestampOrLastModified());
        } finally {
            segment.close();
        }
        segment.close();
    }
}
