package io.klassic.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.klassic.log.TestUtils.batch;
import static io.klassic.log.TestUtils.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Restarts after crashes that left cleaning and deletion files behind. */
class LogLoaderTest {
    @TempDir
    File tmp;

    private final TestUtils.MockClock clock = new TestUtils.MockClock(1_700_000_000_000L);
    private final LogConfig config = config("segment.bytes", "200", "file.delete.delay.ms", "0");

    private File dir() {
        return new File(tmp, "t-0");
    }

    private Log open(boolean clean) {
        return Log.open(dir(), "t", 0, config, 0, 0, clean, clock::milliseconds);
    }

    /** Three full segments of two batches each plus an active one; returns every value in order. */
    private List<String> writeLog() {
        Log log = open(true);
        List<String> values = new ArrayList<>();
        try {
            for (int i = 0; i < 7; i++) {
                String v = String.format("value-%02d", i);
                log.appendAsLeader(batch(1000 + i, v), 0);
                values.add(v);
            }
            assertEquals(4, log.numberOfSegments());
        } finally {
            log.close();
        }
        return values;
    }

    private List<String> names() {
        String[] names = dir().list();
        Arrays.sort(names);
        return List.of(names);
    }

    private File file(long base, String suffix) {
        return new File(dir(), LogSegment.filenamePrefixFromOffset(base) + suffix);
    }

    private void assertLogReads(List<String> values, boolean clean) throws IOException {
        Log log = open(clean);
        try {
            assertEquals(values, TestUtils.readAllValues(log));
        } finally {
            log.close();
        }
    }

    @Test
    void leftoverDeletedCleanedAndTemporaryFilesAreRemoved() throws Exception {
        List<String> values = writeLog();
        Files.copy(file(0, ".log").toPath(), file(0, ".log.deleted").toPath());
        Files.writeString(file(0, ".index.deleted").toPath(), "x");
        Files.copy(file(2, ".log").toPath(), file(2, ".log.cleaned").toPath());
        Files.writeString(file(2, ".timeindex.cleaned").toPath(), "x");
        Files.writeString(new File(dir(), "leader-epoch-checkpoint.tmp").toPath(), "x");
        for (boolean clean : new boolean[] {true, false}) {
            assertLogReads(values, clean);
            for (String name : names()) {
                assertFalse(name.endsWith(".deleted") || name.endsWith(".cleaned") || name.endsWith(".tmp"), name);
            }
        }
    }

    @Test
    void anInterruptedSwapIsCompletedReplacingTheOldSegments() throws Exception {
        List<String> values = writeLog();
        // The cleaner merged segments 0 and 2 into one (nothing to drop here) and crashed during the swap: the merged
        // segment is at .swap, its index files half renamed, segment 0 already renamed to .deleted.
        byte[] merged = concat(Files.readAllBytes(file(0, ".log").toPath()),
            Files.readAllBytes(file(2, ".log").toPath()));
        Files.write(file(0, ".log.swap").toPath(), merged);
        Files.writeString(file(0, ".index.swap").toPath(), "garbage");
        Files.move(file(0, ".log").toPath(), file(0, ".log.deleted").toPath());
        Files.delete(file(0, ".index").toPath());
        for (boolean clean : new boolean[] {false, true}) {
            assertLogReads(values, clean);
            assertEquals(List.of("00000000000000000000.index", "00000000000000000000.log",
                "00000000000000000000.timeindex", "00000000000000000004.index", "00000000000000000004.log",
                "00000000000000000004.timeindex", "00000000000000000006.index", "00000000000000000006.log",
                "00000000000000000006.timeindex", "leader-epoch-checkpoint"), names());
        }
        assertEquals(merged.length, file(0, ".log").length());
    }

    @Test
    void aSwapWithAllOldSegmentsStillInPlaceReplacesThem() throws Exception {
        List<String> values = writeLog();
        byte[] merged = concat(Files.readAllBytes(file(2, ".log").toPath()),
            Files.readAllBytes(file(4, ".log").toPath()));
        Files.write(file(2, ".log.swap").toPath(), merged);
        assertLogReads(values, false);
        assertFalse(file(4, ".log").exists(), "replaced by the swapped-in segment at 2");
        assertEquals(merged.length, file(2, ".log").length());
    }

    @Test
    void aCorruptSwapIsTruncatedAtItsFirstBadBatchBeforeItIsSwappedIn() throws Exception {
        List<String> values = writeLog();
        byte[] first = Files.readAllBytes(file(0, ".log").toPath());
        byte[] corrupt = concat(first, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14});
        Files.write(file(0, ".log.swap").toPath(), corrupt);
        assertLogReads(values, false);
        assertEquals(first.length, file(0, ".log").length());
    }

    @Test
    void missingAndTruncatedIndexesAreRebuiltOnARestart() throws Exception {
        List<String> values = writeLog();
        Files.delete(file(2, ".timeindex").toPath());
        try (var channel = Files.newByteChannel(file(4, ".index").toPath(), StandardOpenOption.WRITE)) {
            channel.truncate(3);
        }
        assertLogReads(values, true);
        assertTrue(file(2, ".timeindex").exists());
        assertEquals(0, file(4, ".index").length() % OffsetIndex.ENTRY_SIZE);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
