package io.klassic.tools.dumplog;

import io.klassic.protocol.record.CorruptRecordException;
import io.klassic.protocol.record.RecordBatch;

import java.io.Closeable;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A segment's {@code .log} file opened read-only, walked batch by batch as Kafka's {@code FileLogInputStream}
 * walks it. To find a batch's size it reads the first 17 bytes of the batch (big-endian):
 *
 * <pre>
 *    0 int64 baseOffset   8 int32 batchLength (bytes after this field)   12 int32 partitionLeaderEpoch   16 int8 magic
 * </pre>
 *
 * A walk over {@code [start, end)} stops silently before a batch that does not fit whole (a truncated tail), and
 * fails on a batchLength below 14 (the smallest legacy message), as Kafka's does. Each batch is read whole into
 * memory when it is returned. The file is never written, created or locked, so it is safe to run on the files of a
 * running broker. Not thread-safe.
 */
final class LogFile implements Closeable {
    /** Bytes of a batch read to learn its size and magic. */
    static final int HEADER_SIZE_UP_TO_MAGIC = 17;
    /** Kafka's smallest batchLength (LegacyRecord.RECORD_OVERHEAD_V0). */
    static final int MIN_BATCH_LENGTH = 14;
    private static final int MAGIC_OFFSET = 16;

    private final File file;
    private final FileChannel channel;
    private final int size;

    private LogFile(File file, FileChannel channel, int size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    /**
     * Opens {@code file} for reading.
     *
     * @throws java.nio.file.NoSuchFileException when it does not exist
     */
    static LogFile open(File file) throws IOException {
        FileChannel channel = FileChannel.open(file.toPath(), StandardOpenOption.READ);
        long length = channel.size();
        return new LogFile(file, channel, (int) Math.min(length, Integer.MAX_VALUE));
    }

    File file() {
        return file;
    }

    int sizeInBytes() {
        return size;
    }

    /**
     * The end of a slice of {@code length} bytes from {@code position}, clamped to the file, as Kafka's
     * {@code FileRecords.slice} computes it.
     *
     * @throws IllegalArgumentException when {@code position} lies beyond the end of the file
     */
    int sliceEnd(int position, int length) {
        if (position < 0) {
            throw new IllegalArgumentException("Invalid position: " + position + " in read from " + this);
        }
        if (position > size) {
            throw new IllegalArgumentException("Slice from position " + position + " exceeds end position of " + this);
        }
        return (int) Math.min((long) position + length, size);
    }

    /** The whole batches from {@code start} up to {@code end}; each iterator starts over. */
    Iterable<FileBatch> batches(int start, int end) {
        return () -> new BatchIterator(start, end);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "FileRecords(size=" + size + ", file=" + file + ", start=0, end=" + size + ")";
    }

    private void readFully(ByteBuffer buffer, long position, String what) throws IOException {
        long pos = position;
        int expected = buffer.remaining();
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, pos);
            if (n < 0) {
                throw new EOFException("Failed to read `" + what + "` from file channel `" + file + "`. Expected to read "
                    + expected + " bytes, but reached end of file after reading " + (expected - buffer.remaining())
                    + " bytes. Started read from position " + position + ".");
            }
            pos += n;
        }
    }

    /**
     * One batch of the file: where it starts, its size and magic, and (for magic 2) its bytes as a
     * {@link RecordBatch}.
     */
    record FileBatch(int position, int sizeInBytes, byte magic, RecordBatch batch) {
    }

    /** Walks whole batches between two positions. Not thread-safe. */
    private final class BatchIterator implements Iterator<FileBatch> {
        private final int end;
        private int position;
        private FileBatch next;

        BatchIterator(int start, int end) {
            this.position = start;
            this.end = end;
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                next = readNext();
            }
            return next != null;
        }

        @Override
        public FileBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("No whole record batch is left in " + file + ".");
            }
            FileBatch batch = next;
            next = null;
            return batch;
        }

        private FileBatch readNext() {
            try {
                if (position >= end - HEADER_SIZE_UP_TO_MAGIC) {
                    return null;
                }
                ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE_UP_TO_MAGIC);
                readFully(header, position, "log header");
                int batchLength = header.getInt(RecordBatch.LOG_OVERHEAD - 4);
                if (batchLength < MIN_BATCH_LENGTH) {
                    throw new CorruptRecordException(String.format("Found record size %d smaller than minimum record "
                        + "overhead (%d) in file %s.", batchLength, MIN_BATCH_LENGTH, file));
                }
                if (position > (long) end - RecordBatch.LOG_OVERHEAD - batchLength) {
                    return null;
                }
                int batchSize = RecordBatch.LOG_OVERHEAD + batchLength;
                byte magic = header.get(MAGIC_OFFSET);
                if (magic != RecordBatch.MAGIC) {
                    throw new CorruptRecordException("The record batch at position " + position + " of " + file
                        + " has magic " + magic + "; this tool reads record batches of magic " + RecordBatch.MAGIC
                        + " (Kafka 0.11 and later) only.");
                }
                ByteBuffer bytes = ByteBuffer.allocate(batchSize);
                readFully(bytes, position, "record batch");
                bytes.flip();
                FileBatch batch = new FileBatch(position, batchSize, magic, new RecordBatch(bytes));
                position += batchSize;
                return batch;
            } catch (IOException e) {
                throw new DumpException("Failed to read " + file + " at position " + position + ": " + e, e);
            }
        }
    }
}
