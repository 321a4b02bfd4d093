package io.klassic.tools.dumplog;

import io.klassic.log.OffsetIndex;
import io.klassic.log.OffsetPosition;
import io.klassic.log.TimeIndex;
import io.klassic.log.TimestampOffset;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;

/**
 * An offset index ({@code .index}) or time index ({@code .timeindex}) file read into memory as it is, without
 * mapping, resizing or trimming it (the index of a broker's active segment is preallocated and may end with zeroed
 * slots: they count as entries here, as in Kafka's tool, which stops at the first entry that points back at the
 * base offset). Entries, big-endian:
 *
 * <pre>
 *   .index      int32 relativeOffset | int32 position         (8 bytes)
 *   .timeindex  int64 timestamp      | int32 relativeOffset   (12 bytes)
 * </pre>
 *
 * The sanity checks and the offset lookup are Kafka's ({@code OffsetIndex.sanityCheck}, {@code TimeIndex.sanityCheck}
 * and the "warm section" binary search of {@code AbstractIndex}), so that the tool reports what Kafka's reports.
 * Immutable after reading; not thread-safe (shares one buffer).
 */
final class IndexFile {
    /** Kafka searches the last 8 KiB of an index first. */
    private static final int WARM_SECTION_BYTES = 8192;

    private final File file;
    private final long baseOffset;
    private final int entrySize;
    private final ByteBuffer bytes;

    private IndexFile(File file, long baseOffset, int entrySize, ByteBuffer bytes) {
        this.file = file;
        this.baseOffset = baseOffset;
        this.entrySize = entrySize;
        this.bytes = bytes;
    }

    /** Reads an offset index; {@link java.nio.file.NoSuchFileException} when it does not exist. */
    static IndexFile readOffsetIndex(File file, long baseOffset) throws IOException {
        return new IndexFile(file, baseOffset, OffsetIndex.ENTRY_SIZE, ByteBuffer.wrap(Files.readAllBytes(file.toPath())));
    }

    /** Reads a time index; {@link java.nio.file.NoSuchFileException} when it does not exist. */
    static IndexFile readTimeIndex(File file, long baseOffset) throws IOException {
        return new IndexFile(file, baseOffset, TimeIndex.ENTRY_SIZE, ByteBuffer.wrap(Files.readAllBytes(file.toPath())));
    }

    long baseOffset() {
        return baseOffset;
    }

    /** The file's length in bytes. */
    long length() {
        return bytes.capacity();
    }

    /** Whole entries in the file, zeroed preallocated slots included. */
    int entries() {
        return bytes.capacity() / entrySize;
    }

    /** Entry {@code n} of an offset index. */
    OffsetPosition offsetEntry(int n) {
        return new OffsetPosition(baseOffset + bytes.getInt(n * entrySize), bytes.getInt(n * entrySize + 4));
    }

    /** Entry {@code n} of a time index. */
    TimestampOffset timeEntry(int n) {
        return new TimestampOffset(bytes.getLong(n * entrySize), baseOffset + bytes.getInt(n * entrySize + 8));
    }

    /**
     * The offset index entry with the largest offset {@code <=} the target, or {@code (baseOffset, 0)} when there is
     * none, found as Kafka finds it (the warm section first, then the rest).
     */
    OffsetPosition lookup(long targetOffset) {
        int n = entries();
        if (n == 0) {
            return new OffsetPosition(baseOffset, 0);
        }
        int firstHotEntry = Math.max(0, n - 1 - WARM_SECTION_BYTES / entrySize);
        int slot;
        if (offsetEntry(firstHotEntry).offset() < targetOffset) {
            slot = largestLowerBound(targetOffset, firstHotEntry, n - 1);
        } else if (offsetEntry(0).offset() > targetOffset) {
            slot = -1;
        } else {
            slot = largestLowerBound(targetOffset, 0, firstHotEntry);
        }
        return slot < 0 ? new OffsetPosition(baseOffset, 0) : offsetEntry(slot);
    }

    private int largestLowerBound(long target, int begin, int end) {
        int lo = begin;
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            long found = offsetEntry(mid).offset();
            if (found > target) {
                hi = mid - 1;
            } else if (found < target) {
                lo = mid;
            } else {
                return mid;
            }
        }
        return lo;
    }

    /** Kafka's {@code OffsetIndex.sanityCheck}: the last offset is not below the base offset, whole entries. */
    void offsetIndexSanityCheck() {
        int n = entries();
        long lastOffset = n == 0 ? baseOffset : offsetEntry(n - 1).offset();
        if (n != 0 && lastOffset < baseOffset) {
            throw new DumpException("Corrupt index found, index file " + file.getAbsolutePath()
                + " has non-zero size but the last offset is " + lastOffset + " which is less than the base offset "
                + baseOffset);
        }
        if (length() % entrySize != 0) {
            throw new DumpException("Index file " + file.getAbsolutePath() + " is corrupt, found " + length()
                + " bytes which is neither positive nor a multiple of " + entrySize);
        }
    }

    /**
     * Kafka's {@code TimeIndex.sanityCheck}: the last timestamp is not below the first, the last offset not below
     * the base offset, whole entries.
     */
    void timeIndexSanityCheck() {
        int n = entries();
        TimestampOffset last = n == 0 ? new TimestampOffset(TimestampOffset.NO_TIMESTAMP, baseOffset) : timeEntry(n - 1);
        if (n != 0 && last.timestamp() < timeEntry(0).timestamp()) {
            throw new DumpException("Corrupt time index found, time index file (" + file.getAbsolutePath()
                + ") has non-zero size but the last timestamp is " + last.timestamp()
                + " which is less than the first timestamp " + timeEntry(0).timestamp());
        }
        if (n != 0 && last.offset() < baseOffset) {
            throw new DumpException("Corrupt time index found, time index file (" + file.getAbsolutePath()
                + ") has non-zero size but the last offset is " + last.offset() + " which is less than the first offset "
                + baseOffset);
        }
        if (length() % entrySize != 0) {
            throw new DumpException("Time index file " + file.getAbsolutePath() + " is corrupt, found " + length()
                + " bytes which is neither positive nor a multiple of " + entrySize);
        }
    }
}
