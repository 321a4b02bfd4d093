package io.klassic.log;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The segment files of one partition: appends and rolls, truncation, removal, swaps, flushes, close and rename. */
class LocalLogTest {
    @TempDir
    Path tmp;

    private final TestUtils.MockClock clock = new TestUtils.MockClock(1_000L);
    private LocalLog local;

    /** A LocalLog loaded from an empty directory, as Log.open does it. */
    private LocalLog open(LogConfig config) throws IOException {
        File dir = Files.createDirectories(tmp.resolve("t-0")).toFile();
        local = new LocalLog(dir, new TopicPartition("t", 0), config, clock::milliseconds, null);
        LogLoader.LoadedLogOffsets loaded = new LogLoader(dir, local.topicPartition(), config, clock::milliseconds,
            local.segments()).load(0, 0, true);
        local.loaded(loaded.recoveryPoint(), loaded.nextOffsetMetadata());
        return local;
    }

    @AfterEach
    void close() {
        if (local != null) {
            local.close();
        }
    }

    /** Appends a batch of {@code values} at the log end offset. */
    private static void append(LocalLog log, String... values) throws IOException {
        ByteBuffer batch = TestUtils.batchAt(log.logEndOffset(), 10, values);
        long first = log.logEndOffset();
        long last = first + values.length - 1;
        log.append(first, last, 10, last, batch, 1_000);
    }

    @Test
    void appendsGoToTheActiveSegmentWhichRollsAtSegmentBytes() throws IOException {
        LocalLog log = open(TestUtils.config("segment.bytes", "200"));
        append(log, "a", "b");
        assertEquals(2, log.logEndOffset());
        assertEquals(1, log.numberOfSegments());
        int firstSize = log.activeSegment().size();
        assertEquals(new LogOffsetMetadata(2, 0, firstSize), log.logEndOffsetMetadata());

        long rolledAt = -1;
        for (int i = 0; rolledAt < 0 && i < 20; i++) {
            long end = log.logEndOffset();
            ByteBuffer batch = TestUtils.batchAt(end, 10, "value-" + i);
            rolledAt = log.append(end, end, 10, end, batch, 1_000);
        }
        assertTrue(rolledAt > 0, "a roll within 20 appends of 200-byte segments");
        assertEquals(2, log.numberOfSegments());
        assertEquals(rolledAt, log.activeSegment().baseOffset());
        assertEquals(log.logEndOffset(), rolledAt + 1, "the rolling batch is the new segment's first");
        assertEquals(log.size(), log.segmentList().stream().mapToLong(LogSegment::size).sum());
        assertEquals(2, log.logSegments(0, log.logEndOffset()).size());
        assertEquals(1, log.logSegments(rolledAt, log.logEndOffset()).size());
    }

    @Test
    void rollingAnEmptyActiveSegmentIsANoOpAndARollNeverGoesBelowTheLogEnd() throws IOException {
        LocalLog log = open(TestUtils.config());
        LogSegment first = log.activeSegment();
        assertEquals(first, log.roll(0), "nothing to roll");
        append(log, "a");
        LogSegment second = log.roll(0);
        assertEquals(1, second.baseOffset(), "rolls at the log end offset, never below");
        assertEquals(new LogOffsetMetadata(1, 1, 0), log.logEndOffsetMetadata());
        assertEquals(List.of(0L, 1L), log.segmentList().stream().map(LogSegment::baseOffset).toList());
    }

    @Test
    void truncationRemovesLaterSegmentsAndPullsTheRecoveryPointDown() throws IOException {
        LocalLog log = open(TestUtils.config());
        append(log, "a");
        append(log, "b");
        log.roll(0);
        append(log, "c", "d");
        log.flushSegments(log.logEndOffset());
        log.markFlushed(log.logEndOffset());
        assertEquals(4, log.recoveryPoint());

        assertEquals(1, log.truncateTo(1), "whole batches go: the one at offset 1");
        assertEquals(1, log.numberOfSegments());
        assertEquals(1, log.logEndOffset());
        assertEquals(1, log.recoveryPoint());
        assertEquals(List.of("00000000000000000000.index", "00000000000000000000.log", "00000000000000000000.timeindex"),
            files(), "the removed segment's files are gone without a scheduler");

        log.truncateFullyAndStartAt(40);
        assertEquals(List.of(40L), log.segmentList().stream().map(LogSegment::baseOffset).toList());
        assertEquals(new LogOffsetMetadata(40, 40, 0), log.logEndOffsetMetadata());
        assertEquals(40, log.recoveryPoint());
    }

    @Test
    void flushingMovesTheRecoveryPointNoFurtherThanTheLogEnd() throws IOException {
        LocalLog log = open(TestUtils.config());
        append(log, "a", "b", "c");
        clock.advance(500);
        log.flushSegments(2);
        log.markFlushed(2);
        assertEquals(2, log.recoveryPoint());
        assertEquals(1_500, log.lastFlushedTime());
        log.markFlushed(99);
        assertEquals(3, log.recoveryPoint(), "capped at the log end offset");
        log.markFlushed(1);
        assertEquals(3, log.recoveryPoint(), "never moves down by a flush");
        log.raiseRecoveryPoint(2);
        assertEquals(3, log.recoveryPoint());
    }

    @Test
    void aCleanedSegmentReplacesTheOldOnesOrIsDiscardedWhenTheyLeftMeanwhile() throws IOException {
        LocalLog log = open(TestUtils.config());
        append(log, "a");
        log.roll(0);
        append(log, "b");
        log.roll(0);
        List<LogSegment> old = log.segmentList().subList(0, 2);

        LogSegment cleaned = LogSegment.open(log.dir(), 0, log.config(), clock::milliseconds, Log.CLEANED_FILE_SUFFIX, 0);
        ByteBuffer kept = TestUtils.batchAt(1, 10, "b");
        cleaned.append(1, 10, 1, kept);
        cleaned.flush();
        log.replaceSegments(cleaned, List.copyOf(old));
        assertEquals(List.of(0L, 2L), log.segmentList().stream().map(LogSegment::baseOffset).toList());
        assertEquals(cleaned, log.segmentList().get(0));
        assertFalse(files().stream().anyMatch(f -> f.endsWith(Log.CLEANED_FILE_SUFFIX) || f.endsWith(Log.SWAP_FILE_SUFFIX)),
            files().toString());
        assertFalse(files().contains("00000000000000000001.log"), "the replaced segment is deleted");

        LogSegment stale = LogSegment.open(log.dir(), 0, log.config(), clock::milliseconds, Log.CLEANED_FILE_SUFFIX, 0);
        assertThrows(LogCleaningAbortedException.class, () -> log.replaceSegments(stale, List.copyOf(old)));
        assertFalse(files().stream().anyMatch(f -> f.endsWith(Log.CLEANED_FILE_SUFFIX)), "discarded: " + files());
    }

    @Test
    void closingIsIdempotentAndTheDirectoryIsRenamedForDeletion() throws IOException {
        LocalLog log = open(TestUtils.config());
        append(log, "a");
        log.close();
        log.close();
        assertTrue(log.isClosed());
        assertThrows(IllegalStateException.class, log::checkNotClosed);
        Path renamed = log.closeAndRenameForDeletion();
        assertTrue(renamed.getFileName().toString().startsWith("t-0.") && renamed.toString().endsWith(Log.DELETE_DIR_SUFFIX),
            renamed.toString());
        assertEquals(0, log.numberOfSegments());
        assertTrue(Files.isRegularFile(renamed.resolve("00000000000000000000.log")));
    }

    private List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(local.dir().toPath())) {
            return list.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".checkpoint")).sorted().toList();
        }
    }
}
