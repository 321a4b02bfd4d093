package io.klassic.log;

import java.io.File;
import java.io.IOException;
import java.nio.MappedByteBuffer;

/**
 * The sparse time index of a segment, file {@code <baseOffset>.timeindex}. Each 12-byte entry, big-endian:
 *
 * <pre>
 *   int64 timestamp        the largest timestamp seen in the segment up to ...
 *   int32 relativeOffset   ... this offset (minus baseOffset), the last offset of the batch holding it
 * </pre>
 *
 * Timestamps strictly increase from entry to entry, offsets never decrease. An entry is written with each offset
 * index entry when the largest timestamp grew, and once more when the segment stops being active (that last slot is
 * reserved: the index counts as full one entry early, as in Kafka). Thread safety: see {@link AbstractIndex}.
 */
public final class TimeIndex extends AbstractIndex {
    public static final int ENTRY_SIZE = 12;

    private static final KeyReader TIMESTAMP = (buf, pos) -> buf.getLong(pos);
    private static final KeyReader OFFSET = (buf, pos) -> buf.getInt(pos + 8);

    public TimeIndex(File file, long baseOffset, int maxIndexSize) throws IOException {
        super(file, baseOffset, maxIndexSize, ENTRY_SIZE);
    }

    /** One slot is kept for the entry written when the segment is rolled. */
    @Override
    public boolean isFull() {
        return entries() >= maxEntries() - 1;
    }

    /**
     * Appends {@code (timestamp, offset)} if the timestamp is larger than the last entry's; otherwise does nothing.
     * With {@code skipFullCheck} the reserved last slot may be used; a completely full index drops the entry.
     *
     * @throws IllegalStateException if the index is full and {@code skipFullCheck} is false
     * @throws IllegalArgumentException if the offset is below the last entry's
     */
    public void maybeAppend(long timestamp, long offset, boolean skipFullCheck) {
        lock.lock();
        try {
            if (!skipFullCheck && isFull()) {
                throw new IllegalStateException("Attempt to append to a full time index " + file() + " ("
                    + entries() + " entries).");
            }
            TimestampOffset last = lastEntry();
            if (entries() > 0 && offset < last.offset()) {
                throw new IllegalArgumentException("Attempt to append offset " + offset + " to " + file()
                    + " whose last offset is " + last.offset() + ": offsets must not decrease.");
            }
            if (timestamp > last.timestamp() && entries() < maxEntries()) {
                int relative = relativeOffset(offset);
                appendEntry((buf, pos) -> {
                    buf.putLong(pos, timestamp);
                    buf.putInt(pos + 8, relative);
                });
            }
        } finally {
            lock.unlock();
        }
    }

    /** The last entry, or {@code (NO_TIMESTAMP, baseOffset)} when empty. */
    public TimestampOffset lastEntry() {
        readLock.lock();
        try {
            MappedByteBuffer buf = buffer();
            int n = entriesIn(buf);
            return n == 0 ? new TimestampOffset(TimestampOffset.NO_TIMESTAMP, baseOffset()) : read(buf, n - 1);
        } finally {
            readLock.unlock();
        }
    }

    /**
     * The entry with the largest timestamp {@code <= targetTimestamp}, or {@code (NO_TIMESTAMP, baseOffset)} when
     * every entry is larger (or there is none).
     */
    public TimestampOffset lookup(long targetTimestamp) {
        readLock.lock();
        try {
            MappedByteBuffer buf = buffer();
            int n = entriesIn(buf);
            int slot = largestLowerBoundSlot(buf, n, targetTimestamp, TIMESTAMP);
            return slot < 0 ? new TimestampOffset(TimestampOffset.NO_TIMESTAMP, baseOffset()) : read(buf, slot);
        } finally {
            readLock.unlock();
        }
    }

    /** The n-th entry. */
    public TimestampOffset entry(int n) {
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

    @Override
    public void truncateTo(long offset) throws IOException {
        lock.lock();
        try {
            long relative = offset - baseOffset();
            int slot = smallestUpperBoundSlot(buffer(), entries(), Math.max(relative, -1), OFFSET);
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
            long previousTimestamp = TimestampOffset.NO_TIMESTAMP;
            int previousOffset = 0;
            for (int i = 0; i < n; i++) {
                long timestamp = buf.getLong(i * ENTRY_SIZE);
                int relative = buf.getInt(i * ENTRY_SIZE + 8);
                if (timestamp <= previousTimestamp || relative < previousOffset) {
                    throw corrupt("has entry " + i + " (timestamp " + timestamp + ", relative offset " + relative
                        + ") not after the previous one (timestamp " + previousTimestamp + ", relative offset "
                        + previousOffset + ")");
                }
                previousTimestamp = timestamp;
                previousOffset = relative;
            }
        } finally {
            readLock.unlock();
        }
    }

    private TimestampOffset read(MappedByteBuffer buf, int slot) {
        int pos = slot * ENTRY_SIZE;
        return new TimestampOffset(buf.getLong(pos), baseOffset() + buf.getInt(pos + 8));
    }
}
