package io.klassic.protocol.record;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Walks the record batches laid end to end at the start of a buffer (a produce payload, a fetch response's records,
 * a chunk read from a log segment): each batch is {@code int64 baseOffset, int32 batchLength, batchLength bytes}.
 * Only whole batches are returned; a trailing partial batch (a chunk cut at an arbitrary byte) ends the walk
 * silently. Stateless and thread-safe (the returned iterators are not).
 */
public final class RecordBatches {
    private RecordBatches() {
    }

    /**
     * The whole batches from {@code buffer}'s position to its limit, each a {@link RecordBatch} over a slice that
     * shares memory with {@code buffer}. The buffer's position is not moved; each {@code iterator()} starts over.
     * The batches are not validated (call {@link RecordBatch#ensureValid()}).
     *
     * @throws CorruptRecordException from the iterator when a batch declares fewer bytes than a batch header
     */
    public static Iterable<RecordBatch> iterate(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate();
        return () -> new BatchIterator(view);
    }

    /**
     * Bytes from {@code buffer}'s position covered by whole batches; a trailing partial batch is excluded.
     *
     * @throws CorruptRecordException when a batch declares fewer bytes than a batch header
     */
    public static int sizeOfWholeBatches(ByteBuffer buffer) {
        int start = buffer.position();
        int position = start;
        int size;
        while ((size = nextBatchSize(buffer, position)) > 0) {
            position += size;
        }
        return position - start;
    }

    /** The size of the whole batch at {@code position}, or -1 when the rest of the buffer is a partial batch. */
    static int nextBatchSize(ByteBuffer buffer, int position) {
        int remaining = buffer.limit() - position;
        if (remaining < RecordBatch.LOG_OVERHEAD) {
            return -1;
        }
        long size = RecordBatch.LOG_OVERHEAD + (long) buffer.getInt(position + RecordBatch.LENGTH_OFFSET);
        if (size < RecordBatch.RECORD_BATCH_OVERHEAD) {
            throw new CorruptRecordException("The record batch at byte " + (position - buffer.position())
                + " declares a size of " + size + " bytes, less than the " + RecordBatch.RECORD_BATCH_OVERHEAD
                + "-byte batch header.");
        }
        return size <= remaining ? (int) size : -1;
    }

    /** Iterates whole batches, slicing each. Not thread-safe. */
    private static final class BatchIterator implements Iterator<RecordBatch> {
        private final ByteBuffer buffer;
        private int position;
        private int nextSize;

        BatchIterator(ByteBuffer buffer) {
            this.buffer = buffer;
            this.position = buffer.position();
            this.nextSize = nextBatchSize(buffer, position);
        }

        @Override
        public boolean hasNext() {
            return nextSize > 0;
        }

        @Override
        public RecordBatch next() {
            if (nextSize <= 0) {
                throw new NoSuchElementException("No whole record batch is left.");
            }
            RecordBatch batch = new RecordBatch(buffer.slice(position, nextSize));
            position += nextSize;
            nextSize = nextBatchSize(buffer, position);
            return batch;
        }
    }
}
