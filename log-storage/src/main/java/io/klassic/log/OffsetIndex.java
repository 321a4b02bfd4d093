package io.klassic.log;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;

/**
 * The sparse offset index of a segment, file {@code <baseOffset>.index}. Each 8-byte entry, big-endian:
 *
 * <pre>
 *   int32 relativeOffset   offset - baseOffset of the last record of a batch
 *   int32 position         file position in the .log of that batch
 * </pre>
 *
 * Entries are appended in increasing offset (and position) order, one per {@code index.interval.bytes} of log;
 * {@link #lookup} finds the largest entry whose offset is {@code <=} a target by binary search, from which the
 * segment scans batch headers forward. Thread safety: see {@link AbstractIndex} (one writer, lock-free readers).
 */
public final class OffsetIndex extends AbstractIndex {
    public static final int ENTRY_SIZE = 8;

    private static final KeyReader KEY = (buf, pos) -> buf.getInt(pos);

    public OffsetIndex(File file, long baseOffset, int maxIndexSize) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    /**
     * Adds an entry. The offset must be larger than the last entry's.
     *
     * @throws IllegalStateException if the index is full
     * @throws IllegalArgumentException if the offset does not increase or does not fit relative to the base offset
     */
    public void append(long offset, int position) {
        lock.lock();
        try {
            int n = entries();
            if (n > 0 && offset <= lastOffset()) {
                throw new IllegalArgumentException("Attempt to append offset " + offset + " to " + file()
                    + " whose last offset is " + lastOffset() + ": offsets must increase.");
            }
            int relative = relativeOffset(offset);
            appendEntry((buf, pos) -> {
                buf.putInt(pos, relative);
                buf.putInt(pos + 4, position);
            });
        } finally {
            lock.unlock();
        }
    }

    /**
     * The entry with the largest offset {@code <= targetOffset}, or {@code (baseOffset, 0)} when every entry is larger
     * (or there is none).
     */
    public OffsetPosition lookup(long targetOffset) {
        readLock.lock();
        try {
            MappedByteBuffer buf = buffer();
            int n = entriesIn(buf);
            long relativeTarget = targetOffset - baseOffset();
            int slot = largestLowerBoundSlot(buf, n, relativeTarget, KEY);
            return slot < 0 ? new OffsetPosition(baseOffset(), 0) : read(buf, slot);
        } finally {
            readLock.unlock();
        }
    }

    /** The n-th entry. */
    public OffsetPosition entry(int n) {
        readLock.lock();
        try {
            MappedByteBuffer buf = buffer();
            if (n < 0 || n >= entriesIn(buf)) {
                throw new IndexOutOfBoundsException("Index " + file() + " has " + entries() + " entries; asked for " + n);
            }
            return read(buf, n);
        } finally {
            readLock.unlock();
        }
    }

    /** The offset of the last entry, or the base offset when empty. */
    public long lastOffset() {
        readLock.lock();
        try {
            MappedByteBuffer buf = buffer();
            int n = entriesIn(buf);
            return n == 0 ? baseOffset() : read(buf, n - 1).offset();
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public void truncateTo(long offset) throws IOException {
        lock.lock();
        try {
            long relative = offset - baseOffset();
            int slot = smallestUpperBoundSlot(buffer(), entries(), Math.max(relative, -1), KEY);
            truncateToEntries(slot);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void sanityCheck() throws CorruptIndexException {
        readLock.lock();
        try {
            if (sizeInBytes() % ENTRY_SIZE != 0) {
                throw corrupt("has a length of " + sizeInBytes() + " bytes, not a multiple of " + ENTRY_SIZE);
            }
            MappedByteBuffer buf = buffer();
            int n = entries();
            int previousOffset = -1;
            int previousPosition = -1;
            for (int i = 0; i < n; i++) {
                int relative = buf.getInt(i * ENTRY_SIZE);
                int position = buf.getInt(i * ENTRY_SIZE + 4);
                if (relative <= previousOffset || relative < 0 || position <= previousPosition) {
                    throw corrupt("has entry " + i + " (relative offset " + relative + ", position " + position
                        + ") not after entry " + (i - 1) + " (relative offset " + previousOffset + ", position "
                        + previousPosition + ")");
                }
                previousOffset = relative;
                previousPosition = position;
            }
        } finally {
            readLock.unlock();
        }
    }

    /** The position of the last entry, or -1 when empty (used to check the index against the log's size). */
    int lastPosition() {
        readLock.lock();
        try {
            MappedByteBuffer buf = buffer();
            int n = entriesIn(buf);
            return n == 0 ? -1 : read(buf, n - 1).position();
        } finally {
            readLock.unlock();
        }
    }

    private OffsetPosition read(MappedByteBuffer buf, int slot) {
        int pos = slot * ENTRY_SIZE;
        return new OffsetPosition(baseOffset() + buf.getInt(pos), buf.getInt(pos + 4));
    }
}
