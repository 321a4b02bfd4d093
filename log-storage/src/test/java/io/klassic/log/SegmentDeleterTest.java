package io.klassic.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Segments leave through .deleted and the delay; log directories through the -delete rename. */
class SegmentDeleterTest {
    @TempDir
    Path dir;

    @Test
    void segmentsAreRenamedAtOnceAndRemovedAfterTheDelay() throws Exception {
        TestUtils.MockClock clock = new TestUtils.MockClock(1_000L);
        MockScheduler scheduler = new MockScheduler(clock);
        LogSegment segment = LogSegment.open(dir.toFile(), 0, TestUtils.config(), clock::milliseconds);
        new SegmentDeleter(new TopicPartition("t", 0), scheduler).delete(List.of(segment), 60_000, "retention");

        assertEquals(List.of("00000000000000000000.index.deleted", "00000000000000000000.log.deleted",
                "00000000000000000000.timeindex.deleted"), names());
        scheduler.advance(59_999);
        assertEquals(3, names().size(), "still there before file.delete.delay.ms");
        scheduler.advance(1);
        assertEquals(List.of(), names());
    }

    @Test
    void withoutADelayOrASchedulerSegmentsGoAtOnce() throws Exception {
        TestUtils.MockClock clock = new TestUtils.MockClock(1_000L);
        LogSegment first = LogSegment.open(dir.toFile(), 0, TestUtils.config(), clock::milliseconds);
        new SegmentDeleter(new TopicPartition("t", 0), new MockScheduler(clock)).delete(List.of(first), 0, "truncation");
        assertEquals(List.of(), names());
        LogSegment second = LogSegment.open(dir.toFile(), 10, TestUtils.config(), clock::milliseconds);
        new SegmentDeleter(new TopicPartition("t", 0), null).delete(List.of(second), 60_000, "truncation");
        assertEquals(List.of(), names());
    }

    @Test
    void aLogDirectoryIsRenamedForDeletionThenRemovedWithItsFiles() throws Exception {
        File logDir = Files.createDirectories(dir.resolve("demo-3")).toFile();
        Files.writeString(logDir.toPath().resolve("00000000000000000000.log"), "x");
        Path renamed = SegmentDeleter.renameDirForDeletion(logDir);
        assertTrue(renamed.getFileName().toString().matches("demo-3\\.[0-9a-f]{32}" + Log.DELETE_DIR_SUFFIX), renamed.toString());
        assertTrue(Files.isRegularFile(renamed.resolve("00000000000000000000.log")));
        SegmentDeleter.deleteRecursively(renamed);
        assertEquals(List.of(), names());
        assertNull(SegmentDeleter.renameDirForDeletion(logDir), "a directory that is gone: nothing to rename");
        SegmentDeleter.deleteRecursively(renamed);
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
