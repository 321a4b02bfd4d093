package io.klassic.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.RandomAccessFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffsetIndexTest {
    @TempDir
    File dir;

    @Test
    void newIndexIsPreallocatedAndLookupFindsLargestEntryAtOrBelowTarget() throws Exception {
        File file = new File(dir, "00000000000000000100.index");
        OffsetIndex index = new OffsetIndex(file, 100, 1000);
        try {
            assertEquals(1000 / 8 * 8, file.length(), "preallocated to whole entries");
            assertEquals(125, index.maxEntries());
            assertEquals(new OffsetPosition(100, 0), index.lookup(150), "empty index");
            index.append(110, 500);
            index.append(120, 1000);
            index.append(130, 1500);
            assertEquals(new OffsetPosition(100, 0), index.lookup(105), "below the first entry");
            assertEquals(new OffsetPosition(110, 500), index.lookup(110));
            assertEquals(new OffsetPosition(110, 500), index.lookup(119));
            assertEquals(new OffsetPosition(120, 1000), index.lookup(125));
            assertEquals(new OffsetPosition(130, 1500), index.lookup(Long.MAX_VALUE));
            assertEquals(new OffsetPosition(100, 0), index.lookup(50), "below the base offset");
            assertEquals(130, index.lastOffset());
            assertEquals(new OffsetPosition(120, 1000), index.entry(1));
            assertThrows(IllegalArgumentException.class, () -> index.append(130, 2000), "offsets must increase");
            assertThrows(IllegalArgumentException.class, () -> index.append(99, 2000), "below base offset");
        } finally {
            index.close();
        }
    }

    @Test
    void lookupMatchesLinearSearchOnManyEntries() throws Exception {
        OffsetIndex index = new OffsetIndex(new File(dir, "x.index"), 0, 8 * 1000);
        try {
            for (int i = 0; i < 1000; i++) {
                index.append(3L * i + 2, 10 * i);
            }
            assertTrue(index.isFull());
            assertThrows(IllegalStateException.class, () -> index.append(10_000, 99_999));
            for (long target = 0; target < 3100; target++) {
                long expectedOffset = 0;
                int expectedPosition = 0;
                for (int i = 0; i < 1000; i++) {
                    if (3L * i + 2 <= target) {
                        expectedOffset = 3L * i + 2;
                        expectedPosition = 10 * i;
                    }
                }
                assertEquals(new OffsetPosition(expectedOffset, expectedPosition), index.lookup(target),
                    "target " + target);
            }
        } finally {
            index.close();
        }
    }

    @Test
    void trimOnCloseAndReopenKeepsEntries() throws Exception {
        File file = new File(dir, "00000000000000000000.index");
        OffsetIndex index = new OffsetIndex(file, 0, 4096);
        index.append(5, 100);
        index.append(9, 300);
        index.close();
        assertEquals(16, file.length(), "trimmed to its two entries");

        OffsetIndex reopened = new OffsetIndex(file, 0, 4096);
        try {
            assertEquals(2, reopened.entries());
            assertTrue(reopened.isFull(), "a trimmed index is full until resized");
            assertEquals(new OffsetPosition(9, 300), reopened.lookup(100));
            assertTrue(reopened.resize(4096));
            assertEquals(4096, file.length());
            assertFalse(reopened.isFull());
            reopened.append(12, 400);
            assertEquals(new OffsetPosition(12, 400), reopened.lookup(12));
            reopened.sanityCheck();
        } finally {
            reopened.close();
        }
        assertEquals(24, file.length());
    }

    @Test
    void truncateToRemovesEntriesAtOrAboveOffset() throws Exception {
        OffsetIndex index = new OffsetIndex(new File(dir, "t.index"), 0, 4096);
        try {
            index.append(10, 100);
            index.append(20, 200);
            index.append(30, 300);
            index.truncateTo(20);
            assertEquals(1, index.entries());
            assertEquals(new OffsetPosition(10, 100), index.lookup(25));
            index.truncateTo(0);
            assertEquals(0, index.entries());
            index.append(15, 150);
            assertEquals(new OffsetPosition(15, 150), index.lookup(15));
        } finally {
            index.close();
        }
    }

    @Test
    void sanityCheckDetectsAnUntrimmedIndexFromACrash() throws Exception {
        File file = new File(dir, "c.index");
        OffsetIndex index = new OffsetIndex(file, 0, 800);
        index.append(4, 100);
        index.flush();
        // A crash leaves the preallocated file: reopened, its zero tail reads as entries.
        OffsetIndex crashed = new OffsetIndex(file, 0, 800);
        try {
            assertEquals(100, crashed.entries());
            assertThrows(CorruptIndexException.class, crashed::sanityCheck);
        } finally {
            crashed.close();
            index.close();
        }
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            raf.setLength(13);
        }
        OffsetIndex odd = new OffsetIndex(file, 0, 800);
        try {
            assertThrows(CorruptIndexException.class, odd::sanityCheck, "length not a multiple of 8");
        } finally {
            odd.close();
        }
    }

    @Test
    void aClosedIndexIsUnmappedAndRefusesLookupsAndARenamedOneKeepsWorking() throws Exception {
        File file = new File(dir, "r.index");
        OffsetIndex index = new OffsetIndex(file, 10, 800);
        index.append(12, 40);
        File renamed = new File(dir, "r.index.deleted");
        index.renameTo(renamed);
        assertEquals(renamed, index.file());
        assertEquals(new OffsetPosition(12, 40), index.lookup(15), "the mapping survives the rename");
        index.close();
        assertTrue(index.isClosed());
        assertEquals(8, renamed.length(), "trimmed to its entry on close");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> index.lookup(15));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        index.close();
        assertTrue(index.deleteIfExists());
        assertTrue(MappedBuffers.canUnmap(), "Java 17 releases mappings through Unsafe.invokeCleaner");
    }
}
