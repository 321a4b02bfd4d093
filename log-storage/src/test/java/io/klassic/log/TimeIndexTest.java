package io.klassic.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeIndexTest {
    @TempDir
    File dir;

    @Test
    void appendsOnlyLargerTimestampsAndLooksUpLargestAtOrBelowTarget() throws Exception {
        File file = new File(dir, "00000000000000000050.timeindex");
        TimeIndex index = new TimeIndex(file, 50, 12 * 10);
        try {
            assertEquals(new TimestampOffset(-1, 50), index.lookup(1000), "empty");
            index.maybeAppend(1000, 55, false);
            index.maybeAppend(1000, 58, false);
            index.maybeAppend(900, 59, false);
            assertEquals(1, index.entries(), "equal or smaller timestamps are not indexed");
            index.maybeAppend(2000, 60, false);
            index.maybeAppend(3000, 70, false);
            assertEquals(new TimestampOffset(-1, 50), index.lookup(999));
            assertEquals(new TimestampOffset(1000, 55), index.lookup(1000));
            assertEquals(new TimestampOffset(2000, 60), index.lookup(2999));
            assertEquals(new TimestampOffset(3000, 70), index.lookup(Long.MAX_VALUE));
            assertEquals(new TimestampOffset(3000, 70), index.lastEntry());
            assertThrows(IllegalArgumentException.class, () -> index.maybeAppend(4000, 65, false),
                "offsets must not go back");
            index.sanityCheck();
        } finally {
            index.close();
        }
        assertEquals(36, file.length(), "trimmed on close");
    }

    @Test
    void lastSlotIsReservedForTheRollEntry() throws Exception {
        TimeIndex index = new TimeIndex(new File(dir, "r.timeindex"), 0, 12 * 3);
        try {
            index.maybeAppend(10, 1, false);
            assertFalse(index.isFull());
            index.maybeAppend(20, 2, false);
            assertTrue(index.isFull(), "full with one slot left");
            assertThrows(IllegalStateException.class, () -> index.maybeAppend(30, 3, false));
            index.maybeAppend(30, 3, true);
            assertEquals(3, index.entries());
            index.maybeAppend(40, 4, true);
            assertEquals(3, index.entries(), "a completely full index drops the entry");
        } finally {
            index.close();
        }
    }

    @Test
    void truncateToRemovesEntriesAtOrAboveOffset() throws Exception {
        TimeIndex index = new TimeIndex(new File(dir, "t.timeindex"), 0, 1200);
        try {
            index.maybeAppend(100, 10, false);
            index.maybeAppend(200, 20, false);
            index.maybeAppend(300, 30, false);
            index.truncateTo(21);
            assertEquals(2, index.entries());
            assertEquals(new TimestampOffset(200, 20), index.lastEntry());
            index.truncateTo(20);
            assertEquals(new TimestampOffset(100, 10), index.lastEntry());
        } finally {
            index.close();
        }
    }

    @Test
    void sanityCheckDetectsAZeroTail() throws Exception {
        File file = new File(dir, "z.timeindex");
        TimeIndex index = new TimeIndex(file, 0, 120);
        index.maybeAppend(100, 3, false);
        index.flush();
        TimeIndex crashed = new TimeIndex(file, 0, 120);
        try {
            assertThrows(CorruptIndexException.class, crashed::sanityCheck);
        } finally {
            crashed.close();
            index.close();
        }
    }
}
