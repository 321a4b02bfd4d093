package io.klassic.log;

import io.klassic.protocol.record.RecordBatch;

import java.util.ArrayDeque;
import java.util.List;

/**
 * What the log remembers of one idempotent producer: its current epoch, the metadata of its last (up to
 * {@link #NUM_BATCHES_TO_RETAIN}) batches in offset order, and the largest timestamp of its last batch (for
 * expiration). Not thread-safe: owned by a {@link ProducerStateManager}, which copies entries out.
 */
public final class ProducerStateEntry {
    public static final int NUM_BATCHES_TO_RETAIN = 5;

    /** One appended batch of a producer: its sequence range, its offset range and its largest timestamp. */
    public record BatchMetadata(int firstSeq, int lastSeq, long firstOffset, long lastOffset, long timestamp) {
    }

    private final long producerId;
    private short producerEpoch;
    private final ArrayDeque<BatchMetadata> batches = new ArrayDeque<>(NUM_BATCHES_TO_RETAIN);
    private long lastTimestamp = RecordBatch.NO_TIMESTAMP;

    ProducerStateEntry(long producerId, short producerEpoch) {
        this.producerId = producerId;
        this.producerEpoch = producerEpoch;
    }

    ProducerStateEntry copy() {
        ProducerStateEntry copy = new ProducerStateEntry(producerId, producerEpoch);
        copy.batches.addAll(batches);
        copy.lastTimestamp = lastTimestamp;
        return copy;
    }

    public long producerId() {
        return producerId;
    }

    public short producerEpoch() {
        return producerEpoch;
    }

    /** The retained batches, oldest first. */
    public List<BatchMetadata> batches() {
        return List.copyOf(batches);
    }

    public boolean isEmpty() {
        return batches.isEmpty();
    }

    /** The last sequence of the last batch, or {@link RecordBatch#NO_SEQUENCE}. */
    public int lastSeq() {
        return batches.isEmpty() ? RecordBatch.NO_SEQUENCE : batches.peekLast().lastSeq();
    }

    /** The last offset of the last batch, or -1. */
    public long lastDataOffset() {
        return batches.isEmpty() ? -1L : batches.peekLast().lastOffset();
    }

    public long lastTimestamp() {
        return lastTimestamp;
    }

    /** The retained batch with exactly this epoch and sequence range, or null. */
    BatchMetadata findDuplicateBatch(short epoch, int firstSeq, int lastSeq) {
        if (epoch != producerEpoch) {
            return null;
        }
        for (BatchMetadata batch : batches) {
            if (batch.firstSeq() == firstSeq && batch.lastSeq() == lastSeq) {
                return batch;
            }
        }
        return null;
    }

    /** Adds a batch; a new epoch first forgets the batches of the old one. */
    void addBatch(short epoch, BatchMetadata batch) {
        if (epoch != producerEpoch) {
            producerEpoch = epoch;
            batches.clear();
        }
        if (batches.size() == NUM_BATCHES_TO_RETAIN) {
            batches.pollFirst();
        }
        batches.addLast(batch);
        lastTimestamp = batch.timestamp();
    }

    /** Moves to {@code epoch} without a batch (a control batch), forgetting an older epoch's batches. */
    void bumpEpoch(short epoch, long timestamp) {
        if (epoch != producerEpoch) {
            producerEpoch = epoch;
            batches.clear();
        }
        lastTimestamp = timestamp;
    }

    /** Drops the batches ending at or after {@code offset}. */
    void truncateFrom(long offset) {
        while (!batches.isEmpty() && batches.peekLast().lastOffset() >= offset) {
            batches.pollLast();
        }
    }

    @Override
    public String toString() {
        return "ProducerStateEntry(producerId=" + producerId + ", producerEpoch=" + producerEpoch + ", batches="
            + batches + ")";
    }
}
