package io.klassic.log;

import io.klassic.protocol.record.RecordBatch;
import io.klassic.protocol.types.Records;
import io.klassic.protocol.types.Writable;

import java.io.Closeable;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A segment's {@code .log} file: record batches (v2) back to back, exactly as on the wire, read and written through
 * a {@link FileChannel}. To walk the file without reading whole batches it reads each batch's 61-byte header
 * (big-endian, offsets from the batch start; see {@link RecordBatch}):
 *
 * <pre>
 *    0 int64 baseOffset        8 int32 batchLength (bytes after this field)   12 int32 partitionLeaderEpoch
 *   16 int8  magic (2)        17 uint32 crc (CRC-32C of bytes 21..end)       21 int16 attributes
 *   23 int32 lastOffsetDelta  27 int64 baseTimestamp   35 int64 maxTimestamp   43 int64 producerId
 *   51 int16 producerEpoch    53 int32 baseSequence    57 int32 recordsCount   61 records...
 * </pre>
 *
 * With {@code preallocate} a new file is created at its full size and the size in use is tracked separately; the
 * file is trimmed to that size on close. Thread safety: one appender at a time (the owning {@link Log}'s lock);
 * reads ({@link #slice}, {@link #batchAt}) run concurrently with it and see only bytes whose append completed.
 */
public final class FileRecords implements Closeable {
    /** Bytes of a batch header this class reads: up to and including recordsCount. */
    static final int HEADER_SIZE = RecordBatch.RECORD_BATCH_OVERHEAD;
    private static final int WRITE_CHUNK = 64 * 1024;

    private volatile File file;
    private final FileChannel channel;
    private final AtomicInteger size;

    private FileRecords(File file, FileChannel channel, int size) {
        this.file = file;
        this.channel = channel;
        this.size = new AtomicInteger(size);
    }

    /**
     * Opens (creating if needed) a log file. A new file is preallocated to {@code initFileSize} bytes when
     * {@code preallocate} is set; an existing file's whole length counts as data (recovery trims what is not).
     */
    public static FileRecords open(File file, boolean preallocate, int initFileSize) throws IOException {
        boolean exists = file.exists();
        FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        try {
            long length = channel.size();
            if (length > Integer.MAX_VALUE) {
                throw new IOException("Log file " + file + " is " + length + " bytes long, more than a segment can be.");
            }
            if (!exists && preallocate && initFileSize > 0) {
                try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
                    raf.setLength(initFileSize);
                }
                return new FileRecords(file, channel, 0);
            }
            return new FileRecords(file, channel, (int) length);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public File file() {
        return file;
    }

    public FileChannel channel() {
        return channel;
    }

    /** Bytes of data in the file (what appends wrote; not the preallocated length). */
    public int sizeInBytes() {
        return size.get();
    }

    /**
     * Writes all of {@code records}' remaining bytes at the end of the data, then publishes the new size. The
     * buffer's position is not moved. Returns the bytes written.
     */
    public int append(ByteBuffer records) throws IOException {
        ByteBuffer src = records.duplicate();
        int written = src.remaining();
        if ((long) size.get() + written > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Appending " + written + " bytes to " + file + " of " + size.get()
                + " bytes would exceed the largest segment size.");
        }
        long position = size.get();
        while (src.hasRemaining()) {
            position += channel.write(src, position);
        }
        size.addAndGet(written);
        return written;
    }

    /** A view of {@code [position, position + length)}, clamped to the data written so far. */
    public Slice slice(int position, int length) {
        int end = sizeInBytes();
        if (position < 0 || position > end) {
            throw new IllegalArgumentException("Slice position " + position + " is outside " + file + " of " + end
                + " bytes.");
        }
        if (length < 0) {
            throw new IllegalArgumentException("Slice length " + length + " is negative.");
        }
        return new Slice(this, position, (int) Math.min(length, (long) end - position));
    }

    /** Reads exactly {@code buffer.remaining()} bytes starting at {@code position} into the buffer. */
    public void readInto(ByteBuffer buffer, long position) throws IOException {
        long pos = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, pos);
            if (n < 0) {
                throw new EOFException("Reached the end of " + file + " at position " + pos + " while reading "
                    + buffer.remaining() + " more bytes.");
            }
            pos += n;
        }
    }

    /**
     * The header of the batch starting at {@code position}, or null when fewer than a whole header, or fewer than the
     * batch's declared size, lie between {@code position} and {@code end}. The header is not otherwise checked.
     */
    BatchHeader batchAt(int position, int end, ByteBuffer scratch) throws IOException {
        if ((long) position + HEADER_SIZE > end) {
            return null;
        }
        scratch.clear().limit(HEADER_SIZE);
        readInto(scratch, position);
        scratch.flip();
        RecordBatch header = new RecordBatch(scratch);
        long size = (long) RecordBatch.LOG_OVERHEAD + header.batchLength();
        if (size < HEADER_SIZE || position + size > end) {
            return null;
        }
        return new BatchHeader(position, (int) size, header.baseOffset(), header.lastOffset(),
            header.lastOffsetDelta(), header.partitionLeaderEpoch(), header.magic(), header.maxTimestamp(),
            header.recordsCount(), header.checksum(), header.attributes(), header.producerId(),
            header.producerEpoch(), header.baseSequence());
    }

    /** A scratch buffer sized for {@link #batchAt}. */
    static ByteBuffer headerBuffer() {
        return ByteBuffer.allocate(HEADER_SIZE);
    }

    /** Cuts the data (and the file) to {@code targetSize} bytes. Returns the bytes removed. */
    public int truncateTo(int targetSize) throws IOException {
        int original = sizeInBytes();
        if (targetSize < 0 || targetSize > original) {
            throw new IllegalArgumentException("Cannot truncate " + file + " of " + original + " bytes to "
                + targetSize + " bytes.");
        }
        if (targetSize < channel.size()) {
            channel.truncate(targetSize);
        }
        size.set(targetSize);
        return original - targetSize;
    }

    /** Shrinks a preallocated file to the data it holds. */
    public void trim() throws IOException {
        if (channel.isOpen() && channel.size() > sizeInBytes()) {
            channel.truncate(sizeInBytes());
        }
    }

    public void flush() throws IOException {
        channel.force(true);
    }

    /** Trims a preallocated file and closes the channel. */
    @Override
    public void close() throws IOException {
        if (channel.isOpen()) {
            try {
                trim();
            } finally {
                channel.close();
            }
        }
    }

    /** Renames the file; the open channel (and slices handed out) stay valid. */
    public void renameTo(File target) throws IOException {
        Files.move(file.toPath(), target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        file = target;
    }

    /** The file's last modification time in ms since the epoch (0 if it cannot be read). */
    public long lastModified() {
        return file.lastModified();
    }

    public boolean deleteIfExists() throws IOException {
        channel.close();
        return Files.deleteIfExists(file.toPath());
    }

    @Override
    public String toString() {
        return "FileRecords(file=" + file + ", size=" + sizeInBytes() + ")";
    }

    /** What {@link #batchAt} reads of a batch: where it is, its size and the header fields the log needs. */
    record BatchHeader(int position, int sizeInBytes, long baseOffset, long lastOffset, int lastOffsetDelta,
                       int partitionLeaderEpoch, byte magic, long maxTimestamp, int recordsCount, long checksum,
                       short attributes, long producerId, short producerEpoch, int baseSequence) {
        int end() {
            return position + sizeInBytes;
        }

        boolean isControlBatch() {
            return (attributes & 0x20) != 0;
        }

        boolean isTransactional() {
            return (attributes & 0x10) != 0;
        }

        /** The sequence of the batch's last record (wrapping past Integer.MAX_VALUE), or -1 without sequences. */
        int lastSequence() {
            if (baseSequence == RecordBatch.NO_SEQUENCE) {
                return RecordBatch.NO_SEQUENCE;
            }
            long last = (long) baseSequence + lastOffsetDelta;
            return last > Integer.MAX_VALUE ? (int) (last - Integer.MAX_VALUE - 1) : (int) last;
        }

        long nextOffset() {
            return lastOffset + 1;
        }
    }

    /**
     * A run of whole record batches in a segment file, the RECORDS of a Fetch response. The broker sends it without
     * copying ({@code channel()}, {@code position()}, {@code sizeInBytes()} fit Netty's {@code DefaultFileRegion}, but
     * note that {@code DefaultFileRegion} closes its channel when released, so wrap the channel or open the file
     * again rather than handing over the segment's own channel); {@link #writeTo} is the copying fallback. The
     * bytes it covers are immutable once appended unless the log is truncated or deleted. Immutable and
     * thread-safe.
     */
    public static final class Slice implements Records {
        private final FileRecords records;
        private final int position;
        private final int size;

        private Slice(FileRecords records, int position, int size) {
            this.records = records;
            this.position = position;
            this.size = size;
        }

        public FileChannel channel() {
            return records.channel;
        }

        /** The segment file, for callers that open their own channel (its current name: a segment being deleted
         *  is renamed to {@code .deleted} first). */
        public File file() {
            return records.file;
        }

        public long position() {
            return position;
        }

        @Override
        public int sizeInBytes() {
            return size;
        }

        /** Reads the bytes into a new heap buffer (position 0, limit = size). */
        public ByteBuffer readAll() throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(size);
            records.readInto(buffer, position);
            return buffer.flip();
        }

        /** Copies the bytes to {@code out} in chunks of at most 64 KiB, read through a heap buffer. */
        @Override
        public void writeTo(Writable out) {
            ByteBuffer chunk = ByteBuffer.allocate(Math.min(size, WRITE_CHUNK));
            long pos = position;
            long end = (long) position + size;
            try {
                while (pos < end) {
                    chunk.clear().limit((int) Math.min(chunk.capacity(), end - pos));
                    records.readInto(chunk, pos);
                    chunk.flip();
                    pos += chunk.remaining();
                    out.writeByteBuffer(chunk);
                }
            } catch (IOException e) {
                File logDir = records.file.getAbsoluteFile().getParentFile().getParentFile();
                throw new KafkaStorageException("Failed to read " + size + " bytes at position " + position
                    + " of " + records.file + ": " + e, logDir == null ? null : logDir.getPath(), e);
            }
        }

        @Override
        public String toString() {
            return "FileRecords.Slice(file=" + records.file + ", position=" + position + ", size=" + size + ")";
        }
    }
}
