package io.klassic.log;

import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A memory-mapped file of fixed-size entries sorted by a key, the common part of {@link OffsetIndex} and
 * {@link TimeIndex}. A new file is preallocated to {@code maxIndexSize} rounded down to a whole number of entries
 * and filled from the front; an existing file is assumed to hold {@code length / entrySize} entries (a closed index
 * is trimmed to its entries, so this holds after a clean shutdown; after a crash the segment is recovered and its
 * index rebuilt). Offsets are stored relative to the segment's base offset as 4-byte ints.
 *
 * <p>Thread safety: thread-safe. Mutations (appends, truncation, resizing, closing) take the write lock {@link #lock};
 * lookups take the read lock {@link #readLock}, so that a mapping is never read after it was released: a resize or
 * a close unmaps the old mapping at once ({@link MappedBuffers}), and a lookup after {@link #close()} throws
 * {@link IllegalStateException} instead of touching unmapped memory.
 */
public abstract class AbstractIndex implements Closeable {
    private final ReentrantReadWriteLock rwLock = new ReentrantReadWriteLock();
    /** Held by mutations. */
    protected final Lock lock = rwLock.writeLock();
    /** Held by lookups. */
    protected final Lock readLock = rwLock.readLock();
    private volatile File file;
    private final long baseOffset;
    private final int maxIndexSize;
    private final int entrySize;
    private volatile MappedByteBuffer mmap;
    private volatile int entries;
    private volatile int maxEntries;

    protected AbstractIndex(File file, long baseOffset, int maxIndexSize, int entrySize) throws IOException {
        this.file = file;
        this.baseOffset = baseOffset;
        this.maxIndexSize = maxIndexSize;
        this.entrySize = entrySize;
        boolean newlyCreated = file.createNewFile();
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            if (newlyCreated) {
                raf.setLength(roundDown(maxIndexSize));
            }
            long length = raf.length();
            if (length > Integer.MAX_VALUE) {
                throw new IOException("Index file " + file + " is " + length + " bytes long, more than an index can be.");
            }
            this.mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, length);
            this.maxEntries = (int) length / entrySize;
            this.entries = newlyCreated ? 0 : (int) roundDown((int) length) / entrySize;
        }
    }

    public File file() {
        return file;
    }

    public long baseOffset() {
        return baseOffset;
    }

    public int maxIndexSize() {
        return maxIndexSize;
    }

    public int entries() {
        return entries;
    }

    public int maxEntries() {
        return maxEntries;
    }

    /** The index file's current length in bytes (0 once closed). */
    public int sizeInBytes() {
        MappedByteBuffer buf = mmap;
        return buf == null ? 0 : buf.capacity();
    }

    public boolean isFull() {
        return entries >= maxEntries;
    }

    /**
     * Resizes the file (and the mapping) to {@code newSize} rounded down to whole entries, but never below the
     * entries held. Returns true if the size changed.
     */
    public boolean resize(int newSize) throws IOException {
        lock.lock();
        try {
            int rounded = Math.max(roundDown(newSize), entries * entrySize);
            if (rounded == checkOpen().capacity()) {
                return false;
            }
            MappedByteBuffer old = checkOpen();
            try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
                raf.setLength(rounded);
                mmap = raf.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, rounded);
                maxEntries = rounded / entrySize;
            }
            MappedBuffers.unmap(old);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Shrinks the file to exactly the entries it holds (done when a segment stops being active, and on close). */
    public void trimToValidSize() throws IOException {
        lock.lock();
        try {
            resize(entries * entrySize);
        } finally {
            lock.unlock();
        }
    }

    /** Removes every entry, keeping the file's size. */
    public void reset() throws IOException {
        truncateToEntries(0);
    }

    public void flush() {
        lock.lock();
        try {
            if (mmap != null) {
                mmap.force();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Trims the file to its entries and releases the mapping; later lookups throw. Idempotent. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (mmap == null) {
                return;
            }
            trimToValidSize();
            releaseMapping();
        } finally {
            lock.unlock();
        }
    }

    /** Releases the mapping (if still held) and deletes the file. */
    public boolean deleteIfExists() throws IOException {
        lock.lock();
        try {
            releaseMapping();
            return Files.deleteIfExists(file.toPath());
        } finally {
            lock.unlock();
        }
    }

    /** Renames the file (the mapping stays valid). */
    public void renameTo(File target) throws IOException {
        lock.lock();
        try {
            Files.move(file.toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
            file = target;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #close()} or {@link #deleteIfExists()} released the mapping. */
    public boolean isClosed() {
        return mmap == null;
    }

    private void releaseMapping() {
        MappedByteBuffer old = mmap;
        mmap = null;
        entries = 0;
        maxEntries = 0;
        MappedBuffers.unmap(old);
    }

    private MappedByteBuffer checkOpen() {
        MappedByteBuffer buf = mmap;
        if (buf == null) {
            throw new IllegalStateException("The index " + file + " is closed.");
        }
        return buf;
    }

    /** Removes all entries whose offset is {@code >= offset}. */
    public abstract void truncateTo(long offset) throws IOException;

    /**
     * Checks what can be checked cheaply that the file holds a sane index: a whole number of entries and keys that
     * increase. Throws {@link CorruptIndexException} otherwise.
     */
    public abstract void sanityCheck() throws CorruptIndexException;

    protected void truncateToEntries(int n) throws IOException {
        lock.lock();
        try {
            entries = Math.min(Math.max(n, 0), entries);
        } finally {
            lock.unlock();
        }
    }

    /** Writes the entry at slot {@code entries} through {@code writer} and publishes it. Caller holds the lock. */
    protected void appendEntry(EntryWriter writer) {
        int n = entries;
        if (n >= maxEntries) {
            throw new IllegalStateException("Attempt to append to a full index " + file + " (" + n + " entries).");
        }
        writer.write(checkOpen(), n * entrySize);
        entries = n + 1;
    }

    /**
     * The current mapping, to read entries from with {@link #entriesIn}; the caller holds {@link #readLock} or
     * {@link #lock} while it uses it.
     *
     * @throws IllegalStateException when the index is closed
     */
    protected MappedByteBuffer buffer() {
        return checkOpen();
    }

    /** The number of entries readable from {@code buf}, a mapping obtained from {@link #buffer()} before the call. */
    protected int entriesIn(MappedByteBuffer buf) {
        return Math.min(entries, buf.capacity() / entrySize);
    }

    protected int relativeOffset(long offset) {
        long relative = offset - baseOffset;
        if (relative < 0 || relative > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Offset " + offset + " cannot be stored relative to base offset "
                + baseOffset + " in " + file + ".");
        }
        return (int) relative;
    }

    /**
     * The largest slot in {@code [0, n)} whose key is {@code <= target}, or -1 if none, by binary search; the keys
     * are ascending.
     */
    protected int largestLowerBoundSlot(MappedByteBuffer buf, int n, long target, KeyReader key) {
        if (n == 0 || key.read(buf, 0) > target) {
            return -1;
        }
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (key.read(buf, mid * entrySize) <= target) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** The smallest slot in {@code [0, n)} whose key is {@code >= target}, or {@code n} if none. */
    protected int smallestUpperBoundSlot(MappedByteBuffer buf, int n, long target, KeyReader key) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (key.read(buf, mid * entrySize) >= target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    protected CorruptIndexException corrupt(String what) {
        return new CorruptIndexException("Corrupt index found, index file (" + file.getAbsolutePath() + ") "
            + what + ".");
    }

    protected int entrySize() {
        return entrySize;
    }

    private int roundDown(int size) {
        return Math.max(0, size / entrySize * entrySize);
    }

    @FunctionalInterface
    protected interface EntryWriter {
        void write(MappedByteBuffer buf, int position);
    }

    @FunctionalInterface
    protected interface KeyReader {
        long read(MappedByteBuffer buf, int entryPosition);
    }
}
